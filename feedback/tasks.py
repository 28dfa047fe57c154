"""Celery entry points of feedback: thin, take ids, safe to run twice."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from feedback.models import Reminder, Survey
from feedback.services import reminder_send, survey_plan_reminders

REMINDER_MAX_ATTEMPTS = 5


@shared_task(acks_late=True, queue="notifications")
def feedback_send_reminders() -> int:
    """Beat job: after each event, remind its checked-in participants of the open survey.

    Plans the reminders (sent-markers, one per participant) and sends the unsent ones on commit.
    """
    now = timezone.now()
    planned = 0
    surveys = Survey.objects.filter(
        event__ends_at__lte=now, opens_at__lte=now, closes_at__gt=now
    ).select_related("event")
    for survey in surveys.iterator():
        planned += survey_plan_reminders(survey=survey)
    pending = list(
        Reminder.objects.filter(
            sent_at__isnull=True,
            attempts__lt=REMINDER_MAX_ATTEMPTS,
            survey__closes_at__gt=now,
        ).values_list("pk", flat=True)[:2000]
    )
    for pk in pending:
        transaction.on_commit(lambda pk=pk: feedback_send_reminder.delay(pk))
    return planned


@shared_task(
    acks_late=True,
    queue="notifications",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def feedback_send_reminder(reminder_id: int) -> str:
    return reminder_send(reminder_id=reminder_id)
