"""The annual cap at commitment time counts every promised rouble once (payments.caps)."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import ServiceOrder
from payments.caps import annual_used
from payments.models import Payout
from tests.factories.contracts import (
    ActFactory,
    ContractFactory,
    ServiceOrderFactory,
    force_status,
)
from tests.factories.payments import PayoutFactory

pytestmark = pytest.mark.django_db
S = Payout.Status


def _paid_out(contract, amount, status, *, order_date=date(2026, 3, 1), **payout):
    order = ServiceOrderFactory(contract=contract, order_date=order_date, amount=Decimal(amount))
    p = PayoutFactory(act=ActFactory(order=order), **payout)
    force_status(p, status)
    return p


@pytest.mark.parametrize(
    ("status", "paid_at", "due_date", "used_2026", "used_2027"),
    [
        # not approved yet: the order's amount, in the year of the order
        (S.PENDING_CHECKS, None, date(2026, 3, 20), "30000", "0"),
        (S.BLOCKED, None, date(2026, 3, 20), "30000", "0"),
        (S.CANCELLED, None, date(2026, 3, 20), "30000", "0"),
        # approved and owed: the payout, in the year it is due, and not the order again
        (S.APPROVED, None, date(2026, 3, 20), "30000", "0"),
        (S.APPROVED, None, date(2027, 1, 10), "0", "30000"),
        (S.FAILED, None, date(2026, 3, 20), "30000", "0"),
        # paid: in the year of the payment date (paid_in_year_q), once
        (S.PAID, date(2026, 12, 31), date(2026, 12, 20), "30000", "0"),
        (S.PAID, date(2027, 1, 2), date(2026, 12, 20), "0", "30000"),
    ],
)
def test_an_order_counts_once_by_its_state(status, paid_at, due_date, used_2026, used_2027):
    contract = ContractFactory()
    _paid_out(contract, "30000", status, paid_at=paid_at, due_date=due_date)
    expert_id = contract.expert_id
    assert annual_used(expert_id=expert_id, year=2026) == Decimal(used_2026)
    assert annual_used(expert_id=expert_id, year=2027) == Decimal(used_2027)


def test_orders_of_every_contract_of_the_expert_count_and_cancelled_ones_do_not():
    contract = ContractFactory()
    other = ContractFactory(expert=contract.expert)
    ServiceOrderFactory(contract=contract, amount=Decimal("10000"))
    ServiceOrderFactory(contract=other, amount=Decimal("5000"))
    cancelled = ServiceOrderFactory(contract=other, amount=Decimal("70000"))
    force_status(cancelled, ServiceOrder.Status.CANCELLED)
    ServiceOrderFactory(contract=ContractFactory(), amount=Decimal("99000"))  # another expert
    assert annual_used(expert_id=contract.expert_id, year=2026) == Decimal("15000.00")
    excluded = ServiceOrder.objects.filter(contract=other).values_list("pk", flat=True)
    assert annual_used(
        expert_id=contract.expert_id, year=2026, exclude_order_ids=excluded
    ) == Decimal("10000.00")
