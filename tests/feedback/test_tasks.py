from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from feedback.models import Reminder
from feedback.tasks import feedback_send_reminders
from tests.factories.events import ParticipantFactory
from tests.factories.feedback import SurveyFactory

pytestmark = pytest.mark.django_db(transaction=True)  # sent on commit


def test_reminders_go_once_to_checked_in_participants_after_the_event():
    survey = SurveyFactory()
    now = timezone.now()
    ParticipantFactory(event=survey.event, checked_in_at=now, email="a@example.com")
    ParticipantFactory(event=survey.event, checked_in_at=None, email="b@example.com")
    assert feedback_send_reminders() == 1
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert survey.token in mail.outbox[0].body
    assert survey.event.title in mail.outbox[0].subject
    assert feedback_send_reminders() == 0  # safe to run twice: nothing is sent again
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


def test_no_reminders_before_the_event_ends_or_after_the_survey_closes():
    upcoming = SurveyFactory(event__ends_at=timezone.now() + timedelta(hours=2))
    closed = SurveyFactory(closes_at=timezone.now() - timedelta(minutes=1))
    for survey in (upcoming, closed):
        ParticipantFactory(event=survey.event, checked_in_at=timezone.now(), email="x@example.com")
    assert feedback_send_reminders() == 0
    assert mail.outbox == []
