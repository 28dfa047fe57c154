"""Celery tasks of the platform: thin entry points taking ids (DESIGN.md §7)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from kolplatform.core.approvals import approval_send_sla_reminders
from kolplatform.core.emails import MAX_ATTEMPTS, notification_email_send
from kolplatform.core.models import Notification


@shared_task(acks_late=True)
def notification_send_email(notification_id: int) -> str:
    """Send the e-mail of one notification; safe to run twice (a sent row is skipped)."""
    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True)
def notification_sweep_unsent() -> int:
    """Re-send notifications whose e-mail is still pending a minute after they were written."""
    cutoff = timezone.now() - timedelta(minutes=1)
    ids = list(
        Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING,
            created_at__lt=cutoff,
            email_attempts__lt=MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        notification_send_email.delay(pk)
    return len(ids)


@shared_task(acks_late=True)
def approval_sla_reminders() -> int:
    """Daily: remind the deciders of overdue approval steps (once per step and day)."""
    return approval_send_sla_reminders()
