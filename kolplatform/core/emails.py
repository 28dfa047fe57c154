"""E-mails from templates: templates/emails/<name>/subject.txt, body.txt, body.html."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from kolplatform.core.models import Notification, User

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render (subject, text, html) of template `template`.

    The subject and the text part are plain text, rendered without HTML escaping (a title with
    quotes reads `"`, not `&quot;`); the subject is one line without surrounding spaces. The HTML
    part is `body.html`, or the text part in the common layout (`emails/layout.html`)."""
    subject = _render_plain(f"emails/{template}/subject.txt", context)
    text = _render_plain(f"emails/{template}/body.txt", context)
    try:
        html = render_to_string(f"emails/{template}/body.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("emails/layout.html", {**context, "subject": subject, "text": text})
    return " ".join(subject.split()), text.strip() + "\n", html


def _render_plain(name: str, context: dict) -> str:
    """Plain text: rendered without escaping and not marked safe for HTML (the HTML part
    escapes it)."""
    return str.__str__(get_template(name).template.render(Context(context, autoescape=False)))


def recipient_language(address: str) -> str:
    """The language of the user with this e-mail address (the one they chose), else the default."""
    language = (
        User.objects.filter(email__iexact=address, is_active=True)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_templated_email(
    *, to: list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Send in `language`, by default the language of the first recipient (see above)."""
    with translation.override(language or recipient_language(to[0])):
        subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
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
