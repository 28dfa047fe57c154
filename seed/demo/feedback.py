"""Demo feedback: surveys with realistic responses for the past demo events, and an open survey
for the next one (its QR code can be scanned). Idempotent: events that have a survey are skipped."""

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from feedback import services
from feedback.models import Survey
from feedback.selectors import template_default
from seed.demo.feedback_responses import seed_survey_responses

PAST_EVENTS = 8


def seed(*, stdout) -> None:
    template = template_default()
    if template is None:
        stdout.write("feedback: no default template; skipped\n")
        return
    now = timezone.now()
    usable = Event.objects.exclude(status=Event.Status.CANCELLED).filter(survey__isnull=True)
    past = list(usable.filter(ends_at__lt=now).order_by("-ends_at")[:PAST_EVENTS])
    upcoming = list(usable.filter(ends_at__gte=now).order_by("starts_at")[:1])
    made = 0
    for event in past + upcoming:
        opens_at, closes_at = services.survey_default_times(event)
        survey = services.survey_create(
            event=event,
            template=template,
            opens_at=opens_at,
            closes_at=max(closes_at, now + timedelta(days=7)),
            is_anonymous=event.pk % 3 != 0,
            actor=event.owner,
        )
        if event in past:
            # Most of those who checked in answer; never more responses than attendees.
            checked_in = event.participants.filter(checked_in_at__isnull=False).count()
            count = min(12 + event.pk % 17, checked_in * 4 // 5)
            made += seed_survey_responses(survey=survey, count=count, seed=event.pk)
    stdout.write(
        f"feedback: {len(past) + len(upcoming)} surveys, {made} responses "
        f"({Survey.objects.count()} surveys in all)\n"
    )
