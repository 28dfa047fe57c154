import io
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Response, Survey
from seed.demo import feedback as demo
from tests.factories.events import EventFactory, ParticipantFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_answers_past_events():
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=3)
    )
    ProgramItemFactory(event=past)
    ParticipantFactory.create_batch(20, event=past, checked_in_at=past.starts_at)
    EventFactory()  # upcoming: an open survey without answers
    demo.seed(stdout=io.StringIO())
    assert Survey.objects.count() == 2
    # Most of those who checked in answer, never more than checked in.
    assert 12 <= Response.objects.filter(survey__event=past).count() <= 20
    assert past.survey.answers.filter(speaker__isnull=False).exists()
    demo.seed(stdout=io.StringIO())
    assert Survey.objects.count() == 2
