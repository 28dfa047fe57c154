from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from events.models import (
    BudgetCategory,
    BudgetLine,
    Event,
    EventType,
    Participant,
    ProgramItem,
    Task,
    Vendor,
)
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


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"Гостиница «Космос-{n}»")
    kind = Vendor.Kind.HOTEL
    email = factory.Sequence(lambda n: f"vendor{n}@example.com")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    event = factory.SubFactory(EventFactory)
    title = "Забронировать зал"
    assignee = factory.SubFactory(UserFactory, role="field_staff")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_by = factory.SelfAttribute("event.owner")


def make_speaker(*, event, topic_word="сердечной", hours=None):
    """An expert who may speak at `event`: consent, active contract, competency, rate card."""
    from contracts.models import Contract
    from experts.models import Competency
    from tests.factories.contracts import ContractFactory, force_status
    from tests.factories.experts import ConsentFactory, RateCardFactory

    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    contract = ContractFactory(
        expert=expert,
        starts_on=event.starts_at.date() - timedelta(days=100),
        ends_on=event.starts_at.date() + timedelta(days=300),
    )
    force_status(contract, Contract.Status.ACTIVE)
    Competency.objects.create(expert=expert, topic=f"Лечение {topic_word} недостаточности")
    RateCardFactory(tier=expert.tier, service_type="lecture")
    return expert
