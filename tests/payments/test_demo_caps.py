"""The demo data never break a cap (compliance item 2): every demo contract's orders fit its
cap, and what each demo expert has committed and been paid in a year fits the annual cap."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from contracts.models import Contract, ServiceOrder
from payments.caps import annual_used
from payments.models import Payout
from payments.tax_settings import annual_cap_on

pytestmark = pytest.mark.django_db


def test_the_demo_breaks_no_cap():
    call_command("seed_demo", stdout=StringIO())
    contracts = Contract.objects.all()
    assert contracts.filter(orders__isnull=False).exists()
    for contract in contracts:
        ordered = contract.orders.exclude(status=ServiceOrder.Status.CANCELLED).aggregate(
            s=Sum("amount")
        )["s"]
        assert (ordered or 0) <= contract.cap_amount, contract.number
    years = defaultdict(set)
    for expert_id, day in ServiceOrder.objects.values_list("contract__expert_id", "order_date"):
        years[expert_id].add(day.year)
    for expert_id, day in Payout.objects.values_list("expert_id", "due_date"):
        years[expert_id].add(day.year)
    assert years
    for contract in contracts.select_related("expert"):
        expert = contract.expert
        for year in years[expert.pk]:
            cap = annual_cap_on(expert.tier, date(year, 12, 31))
            if cap is not None:
                used = annual_used(expert_id=expert.pk, year=year)
                assert used <= cap, (expert.pk, year, used, cap)
