"""E-mails from templates: templates/emails/<name>/subject.txt, body.txt, body.html."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kolplatform.core.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def render_email(template: str, context: dict) -> tuple[str, str, str | None]:
    """Render (subject, text, html) of template `template`; html is optional."""
    subject = render_to_string(f"emails/{template}/subject.txt", context).strip()
    text = render_to_string(f"emails/{template}/body.txt", context)
    try:
        html = render_to_string(f"emails/{template}/body.html", context)
    except TemplateDoesNotExist:
        html = None
    return " ".join(subject.split()), text, html


def send_templated_email(*, to: list[str], template: str, context: dict, language="ru") -> None:
    with translation.override(language):
        subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def notification_email_send(*, notification_id: int) -> str:
    """E-mail one outbox row under a row lock; idempotent."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if n is None or n.email_status != Notification.EmailStatus.PENDING:
            return "skipped"
        context = {
            "notification": n,
            "recipient": n.recipient,
            "site_url": settings.SITE_URL,
            **n.context,
        }
        n.email_attempts += 1
        try:
            send_templated_email(
                to=[n.recipient.email],
                template=n.template or "generic",
                context=context,
                language=n.recipient.language,
            )
        except Exception:  # SMTP down: keep it pending, the sweeper tries again
            logger.exception("e-mail of notification %s failed", n.pk)
            if n.email_attempts >= MAX_ATTEMPTS:
                n.email_status = Notification.EmailStatus.FAILED
            n.save(update_fields=["email_attempts", "email_status"])
            return "failed"
        n.email_status = Notification.EmailStatus.SENT
        n.emailed_at = timezone.now()
        n.save(update_fields=["email_attempts", "email_status", "emailed_at"])
        return "sent"
