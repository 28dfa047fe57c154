"""Speaker fees against the contract and annual caps (compliance item 2), through the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ServiceOrder
from events.models import BudgetCategory, Event
from events.speakers import speaker_order_create
from payments.models import AnnualCap
from tests.factories.contracts import ServiceOrderFactory

pytestmark = pytest.mark.django_db


def _annual_cap(expert, amount):
    return AnnualCap.objects.create(
        tier=expert.tier, valid_from=date(2025, 6, 1), amount=Decimal(amount)
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_adding_a_speaker_whose_fee_breaks_the_annual_cap_is_refused_on_the_programme_page(
    client, marketing_manager, draft_event, speaker
):
    contract = Contract.objects.get(expert=speaker)
    on = draft_event.starts_at.date()
    ServiceOrderFactory(contract=contract, order_date=on, amount=Decimal("10000.00"))
    _annual_cap(speaker, "15000")  # 10,000 committed; the 10,000 fee would make 20,000
    client.force_login(marketing_manager)
    response = client.post(
        reverse("events:speaker_order", args=[draft_event.pk]),
        {"speaker": speaker.pk, "hours": "1"},
    )
    assert response.status_code == 200
    assert f"Annual cap {on.year}" in _messages(response) or "Годовой лимит" in _messages(response)
    page = response.content.decode()
    assert 'data-testid="order-offer"' in page and 'value="1"' in page
    assert 'data-testid="offer-caps"' in page  # what remains, beside the offer
    assert not ServiceOrder.objects.filter(event_link__event=draft_event).exists()


def test_a_speakers_fee_within_the_caps_is_ordered_from_the_programme_page(
    client, marketing_manager, draft_event, speaker
):
    _annual_cap(speaker, "15000")
    client.force_login(marketing_manager)
    response = client.post(
        reverse("events:speaker_order", args=[draft_event.pk]),
        {"speaker": speaker.pk, "hours": "1"},
    )
    assert response.status_code == 302
    assert ServiceOrder.objects.filter(event_link__event=draft_event).count() == 1


def _planned_fee(event, order, amount):
    line = event.budget_lines.get(category=BudgetCategory.SPEAKER_FEES, service_order=order)
    line.planned = Decimal(amount)
    line.save(update_fields=["planned"])


def test_sending_an_event_whose_speaker_fees_break_the_annual_cap_is_refused(
    client, marketing_manager, draft_event, speaker
):
    order = speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
    )
    _planned_fee(draft_event, order, "40000")  # the fee planned grew to 40,000
    _annual_cap(speaker, "30000")
    client.force_login(marketing_manager)
    response = client.post(reverse("events:transition", args=[draft_event.pk, "send"]), follow=True)
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.DRAFT
    text = _messages(response)
    assert "Annual cap" in text or "Годовой лимит" in text
    assert "40" in text and "30" in text


def test_sending_an_event_whose_speaker_fees_break_the_contract_cap_is_refused(
    client, marketing_manager, draft_event, speaker
):
    order = speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
    )
    contract = Contract.objects.get(expert=speaker)
    ServiceOrderFactory(contract=contract, order_date=date(2026, 3, 1), amount=Decimal("990000"))
    _planned_fee(draft_event, order, "10000.01")  # 990,000 + 10,000.01 > 1,000,000
    client.force_login(marketing_manager)
    response = client.post(reverse("events:transition", args=[draft_event.pk, "send"]), follow=True)
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.DRAFT
    assert str(contract) in _messages(response)


def test_an_event_within_the_caps_goes_to_approval(client, marketing_manager, draft_event, speaker):
    speaker_order_create(
        event=draft_event, expert=speaker, hours=Decimal("1"), actor=marketing_manager
    )
    _annual_cap(speaker, "10000")  # exactly the fee: the event's own order is not counted twice
    client.force_login(marketing_manager)
    client.post(reverse("events:transition", args=[draft_event.pk, "send"]))
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.BUDGET_APPROVAL


def test_the_programme_item_typed_before_the_order_is_added_with_it(
    client, marketing_manager, draft_event, speaker
):
    """After "Create the order" the item typed on the programme form is added: no retyping."""
    _annual_cap(speaker, "15000")
    client.force_login(marketing_manager)
    start = timezone.localtime(draft_event.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("events:speaker_order", args=[draft_event.pk]),
        {
            "speaker": speaker.pk,
            "hours": "1",
            "topic": "Лечение сердечной недостаточности",
            "starts_at": start,
            "ends_at": timezone.localtime(draft_event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[draft_event.pk])
    item = draft_event.program_items.get()
    assert item.topic == "Лечение сердечной недостаточности" and item.speaker_id == speaker.pk


def test_a_refused_order_keeps_the_typed_programme_item(
    client, marketing_manager, draft_event, speaker
):
    contract = Contract.objects.get(expert=speaker)
    ServiceOrderFactory(
        contract=contract, order_date=draft_event.starts_at.date(), amount=Decimal("10000.00")
    )
    _annual_cap(speaker, "15000")
    client.force_login(marketing_manager)
    response = client.post(
        reverse("events:speaker_order", args=[draft_event.pk]),
        {"speaker": speaker.pk, "hours": "1", "topic": "Тема как введена", "starts_at": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Тема как введена"' in page
    assert not draft_event.program_items.exists()
