"""Speaker rules: consent, active contract, competency, approved order for this event."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import Contract, ServiceOrder
from events.models import BudgetCategory, EventChange, EventOrder, ProgramItem
from events.services import EventError, program_item_add
from events.speakers import (
    order_for_event,
    speaker_blocking_reasons,
    speaker_order_create,
)
from tests.events.conftest import set_status
from tests.factories.contracts import ServiceOrderFactory, force_status
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db
TOPIC = "Современная терапия хронической сердечной недостаточности"


def add(event, actor, speaker):
    start = event.starts_at
    return program_item_add(
        event=event,
        actor=actor,
        topic=TOPIC,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        speaker=speaker,
    )


def test_without_order_only_the_order_is_missing(draft_event, speaker):
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic=TOPIC)
    assert reasons == ["No approved service order for this event yet."]


def test_order_is_hours_times_tier_rate_and_lands_in_budget(
    draft_event, speaker, marketing_manager
):
    order = speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1.5"), actor=marketing_manager
    )
    assert order.status == ServiceOrder.Status.APPROVED
    assert order.amount == Decimal("15000.00")
    line = draft_event.budget_lines.get(category=BudgetCategory.SPEAKER_FEES)
    assert line.planned == Decimal("15000.00") and line.service_order == order
    item = add(draft_event, marketing_manager, speaker)
    assert isinstance(item, ProgramItem) and item.service_order == order


def test_order_above_contract_cap_is_refused(draft_event, speaker, marketing_manager):
    Contract.objects.filter(expert=speaker).update(cap_amount=Decimal("5000"))
    with pytest.raises(EventError, match="cap"):
        speaker_order_create(
            event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
        )


def test_withdrawn_consent_refuses(draft_event, speaker, marketing_manager):
    speaker.consents.update(withdrawn_at=timezone.now())
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic=TOPIC)
    assert any("consent" in r for r in reasons)


def test_contract_not_active_refuses(draft_event, speaker):
    force_status(Contract.objects.get(expert=speaker), Contract.Status.TERMINATED)
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic=TOPIC)
    assert any("active contract" in r for r in reasons)


def test_contract_ending_before_event_refuses(draft_event, speaker):
    Contract.objects.filter(expert=speaker).update(
        ends_on=draft_event.starts_at.date() - timedelta(days=1)
    )
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic=TOPIC)
    assert any("active contract" in r for r in reasons)


def test_no_competency_refuses(draft_event, speaker, marketing_manager):
    speaker.competencies.all().delete()
    with pytest.raises(EventError, match="competency"):
        add(draft_event, marketing_manager, speaker)


def test_competency_by_product_of_the_event(draft_event, speaker):
    from experts.models import Competency
    from tests.factories.core import ProductFactory

    product = ProductFactory()
    speaker.competencies.all().delete()
    Competency.objects.create(expert=speaker, product=product)
    draft_event.products.add(product)
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic="Другая тема")
    assert not any("competency" in r for r in reasons)


def test_item_without_speaker_is_added(draft_event, marketing_manager):
    assert isinstance(add(draft_event, marketing_manager, None), ProgramItem)


def test_item_ending_before_start_is_refused(draft_event, marketing_manager):
    with pytest.raises(EventError):
        program_item_add(
            event=draft_event,
            actor=marketing_manager,
            topic="x",
            starts_at=draft_event.starts_at,
            ends_at=draft_event.starts_at,
        )


def test_programme_change_on_approved_event_becomes_a_change(draft_event, marketing_manager):
    event = set_status(draft_event, "approved", approved_total=Decimal("100000"))
    result = add(event, marketing_manager, None)
    assert isinstance(result, EventChange)
    assert not event.program_items.exists()


def test_no_new_orders_during_reapproval(draft_event, speaker, marketing_manager):
    event = set_status(draft_event, "budget_reapproval")
    with pytest.raises(EventError, match="orders"):
        speaker_order_create(
            event=event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
        )


def test_order_is_linked_to_its_event_not_by_its_description(
    draft_event, speaker, marketing_manager
):
    order = speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
    )
    assert EventOrder.objects.get(service_order=order).event == draft_event
    assert order.description == draft_event.title
    assert order_for_event(event=draft_event, expert=speaker) == order


def test_order_of_another_event_does_not_qualify(draft_event, speaker, marketing_manager):
    other = EventFactory(
        owner=marketing_manager,
        event_type=draft_event.event_type,
        starts_at=draft_event.starts_at,
    )
    speaker_order_create(event=other, expert=speaker, hours=Decimal("1"), actor=marketing_manager)
    assert order_for_event(event=draft_event, expert=speaker) is None
    reasons = speaker_blocking_reasons(event=draft_event, expert=speaker, topic=TOPIC)
    assert reasons == ["No approved service order for this event yet."]


def test_an_order_belongs_to_one_event_only(draft_event, speaker, marketing_manager):
    order = speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
    )
    other = EventFactory(owner=marketing_manager, event_type=draft_event.event_type)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventOrder.objects.create(event=other, service_order=order)


def test_migration_links_orders_marked_in_their_description(draft_event, speaker):
    from django.apps import apps

    migration = importlib.import_module("events.migrations.0005_event_order")
    contract = Contract.objects.get(expert=speaker)
    marked = ServiceOrderFactory(contract=contract, description=f"[event:{draft_event.pk}] Школа")
    stale = ServiceOrderFactory(contract=contract, description="[event:999999] Удалённое")
    plain = ServiceOrderFactory(contract=contract, description="Лекция")
    in_programme = ServiceOrderFactory(contract=contract, description="Доклад")
    ProgramItem.objects.create(
        event=draft_event,
        topic=TOPIC,
        starts_at=draft_event.starts_at,
        ends_at=draft_event.ends_at,
        speaker=speaker,
        service_order=in_programme,
    )
    EventOrder.objects.all().delete()

    migration.link_orders_to_events(apps, None)

    linked = dict(EventOrder.objects.values_list("service_order_id", "event_id"))
    assert linked == {marked.pk: draft_event.pk, in_programme.pk: draft_event.pk}
    assert stale.pk not in linked and plain.pk not in linked
