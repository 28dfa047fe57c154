from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from events.models import BudgetCategory, BudgetLine, Event, EventType, Participant, ProgramItem
from tests.factories.core import RegionFactory, UserFactory
from tests.factories.experts import ExpertFactory


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType
        django_get_or_create = ("code",)

    code = "school"
    name = "Школа / лекция"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Школа кардиолога № {n + 1}")
    event_type = factory.SubFactory(EventTypeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=4))
    city = "Москва"
    venue = "Конгресс-центр"
    region = factory.SubFactory(RegionFactory)
    owner = factory.SubFactory(UserFactory, role="marketing_manager")
    planned_participants = 40


class ProgramItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.LazyAttribute(lambda p: p.starts_at + timedelta(hours=1))
    topic = "Современная терапия хронической сердечной недостаточности"
    speaker = factory.SubFactory(ExpertFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    full_name = factory.Faker("name", locale="ru_RU")
    email = factory.Sequence(lambda n: f"participant{n}@example.com")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    event = factory.SubFactory(EventFactory)
    category = BudgetCategory.VENUE
    planned = Decimal("100000.00")
    final = Decimal("100000.00")
    actual = Decimal("0.00")
