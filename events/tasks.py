"""Celery entry points of events (thin, idempotent)."""

from celery import shared_task

from events.logistics import tasks_remind_overdue
from events.notices import notice_escalations_run, notice_reminders_run
from kolplatform.core.emails import send_templated_email


@shared_task(
    acks_late=True,
    queue="notifications",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def email_send(*, to: list[str], template: str, context: dict) -> None:
    """E-mail an address that has no user account (vendor, external participant)."""
    send_templated_email(to=to, template=template, context=context)


@shared_task(acks_late=True)
def events_daily() -> dict:
    """Daily: regulator notice reminders and escalations, overdue task reminders."""
    return {
        "notices": notice_reminders_run(),
        "overdue_notices": notice_escalations_run(),
        "tasks": tasks_remind_overdue(),
    }
