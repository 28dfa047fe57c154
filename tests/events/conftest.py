from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from events.models import Event, EventType
from tests.factories.events import BudgetLineFactory, EventFactory, make_speaker


@pytest.fixture
def school_type(db):
    return EventType.objects.get(code="school")


@pytest.fixture
def draft_event(db, marketing_manager, school_type):
    """A school in 4 months owned by the marketing manager, with a 100,000 budget line."""
    event = EventFactory(
        owner=marketing_manager,
        event_type=school_type,
        starts_at=timezone.now() + timedelta(days=120),
        planned_participants=40,
    )
    BudgetLineFactory(event=event, planned=Decimal("100000.00"), final=Decimal("0"))
    return event


@pytest.fixture
def speaker(draft_event):
    return make_speaker(event=draft_event)


def set_status(event: Event, status: str, **extra) -> Event:
    Event.objects.filter(pk=event.pk).update(status=status, **extra)
    event.refresh_from_db()
    return event


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Persona passwords are hashed on every test; the strong hasher is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
