import io

import pytest

from events.models import BudgetLine, Event, ProgramItem
from kolplatform.core.approvals import approval_current
from seed.demo import events as demo

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_is_idempotent(personas):
    demo.seed(stdout=io.StringIO())
    count = Event.objects.count()
    assert count == len(demo.EVENTS)
    assert set(Event.objects.values_list("status", flat=True)) == set(Event.Status.values)
    in_approval = Event.objects.filter(status="budget_approval").first()
    assert approval_current(target=in_approval) is not None
    demo.seed(stdout=io.StringIO())
    assert Event.objects.count() == count


def test_demo_speakers_have_orders_linked_to_their_event(personas):
    from datetime import date

    from contracts.models import Contract
    from tests.factories.contracts import ContractFactory, force_status

    contract = ContractFactory(starts_on=date(2020, 1, 1), ends_on=date(2035, 12, 31))
    force_status(contract, Contract.Status.ACTIVE)
    demo.seed(stdout=io.StringIO())
    items = ProgramItem.objects.filter(speaker=contract.expert).select_related("service_order")
    assert items.exists()
    for item in items:
        assert item.service_order.event_link.event_id == item.event_id
        assert item.service_order.status == "approved"
    assert BudgetLine.objects.filter(
        category="speaker_fees", service_order__event_link__isnull=False
    ).exists()
