"""Caps at commitment time: the rule (contracts.caps) and the order form (compliance item 2)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from contracts.caps import CapLine, cap_refusal, commitment_refusal
from contracts.models import ServiceOrder
from kolplatform.core.money import money
from payments.models import AnnualCap

CONTRACT = CapLine("contract:1", "Contract cap № 1", Decimal("100000"), Decimal("0"), 1)
ANNUAL = CapLine("annual:7:2026", "Annual cap 2026", Decimal("150000"), Decimal("0"))


@pytest.mark.parametrize(
    ("cap", "used", "amount", "refused"),
    [
        ("100000", "0", "100000", False),  # exactly the cap
        ("100000", "90000", "10000", False),
        ("100000", "90000", "10000.01", True),  # a kopeck above
        ("100000", "100000", "0.01", True),
        ("100000", "120000", "0", True),  # already above (a cap lowered since)
        ("0", "0", "0", False),
    ],
)
def test_cap_refusal(cap, used, amount, refused):
    line = CapLine("k", "Contract cap № 1", Decimal(cap), Decimal(used))
    reason = cap_refusal(line, Decimal(amount))
    assert (reason is not None) is refused
    if refused:
        assert "Contract cap № 1" in reason


@given(
    cap=st.decimals(min_value=0, max_value=10**9, places=2),
    used=st.decimals(min_value=0, max_value=10**9, places=2),
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_cap_refuses_exactly_when_the_sum_exceeds_the_cap(cap, used, amount):
    line = CapLine("k", "cap", cap, used)
    refused = cap_refusal(line, amount) is not None
    assert refused == (money(used) + money(amount) > money(cap))
    assert line.remaining == max(money(cap) - money(used), Decimal("0.00"))


@pytest.mark.parametrize(
    ("amounts", "broken"),
    [
        ({1: Decimal("100000")}, []),
        ({1: Decimal("100000.01")}, ["Contract cap"]),
        # another contract's amount counts against the expert's annual cap only
        ({1: Decimal("90000"), 2: Decimal("60000")}, []),
        ({1: Decimal("90000"), 2: Decimal("60000.01")}, ["Annual cap"]),
        ({1: Decimal("100000.01"), 2: Decimal("60000")}, ["Contract cap", "Annual cap"]),
        ({}, []),
    ],
)
def test_commitment_refusal_gives_each_line_its_amount(amounts, broken):
    reason = commitment_refusal([CONTRACT, ANNUAL], amounts) or ""
    for label in ("Contract cap", "Annual cap"):
        assert (label in reason) is (label in broken)


@given(
    a=st.decimals(min_value=0, max_value=10**7, places=2),
    b=st.decimals(min_value=0, max_value=10**7, places=2),
)
def test_commitment_refused_exactly_when_some_line_breaks(a, b):
    refused = commitment_refusal([CONTRACT, ANNUAL], {1: a, 2: b}) is not None
    assert refused == (a > CONTRACT.cap or a + b > ANNUAL.cap)


# --- Through the order form ------------------------------------------------------------------

DESCRIPTION = "Лекция для терапевтов, Казань"


def _post_order(client, contract, hours, order_date="2026-03-01"):
    return client.post(
        reverse("contracts:order_create", args=[contract.pk]),
        {
            "service_type": "lecture",
            "hours": hours,
            "order_date": order_date,
            "description": DESCRIPTION,
        },
    )


@pytest.mark.django_db
def test_order_over_the_contract_cap_is_refused_and_the_form_keeps_the_input(
    client, marketing_manager, active_contract, rate_cards
):
    client.force_login(marketing_manager)
    response = _post_order(client, active_contract, "31")  # 310,000 against a 300,000 cap
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contract cap" in page or "Лимит договора" in page
    assert 'value="31"' in page and DESCRIPTION in page
    assert not ServiceOrder.objects.filter(contract=active_contract).exists()


@pytest.mark.django_db
def test_order_over_the_annual_cap_is_refused_at_creation(
    client, marketing_manager, active_contract, rate_cards
):
    expert = active_contract.expert
    AnnualCap.objects.create(tier=expert.tier, valid_from=date(2025, 6, 1), amount=50000)
    client.force_login(marketing_manager)
    assert _post_order(client, active_contract, "3").status_code == 302  # 30,000 fits
    response = _post_order(client, active_contract, "3")  # 60,000 > 50,000
    assert response.status_code == 200
    page = response.content.decode()
    assert "Annual cap 2026" in page or "Годовой лимит 2026" in page
    assert 'value="3"' in page and DESCRIPTION in page
    assert ServiceOrder.objects.filter(contract=active_contract).count() == 1


@pytest.mark.django_db
def test_an_order_in_another_year_uses_that_years_annual_cap(
    client, marketing_manager, active_contract, rate_cards
):
    expert = active_contract.expert
    AnnualCap.objects.create(tier=expert.tier, valid_from=date(2025, 6, 1), amount=50000)
    client.force_login(marketing_manager)
    _post_order(client, active_contract, "5")  # 50,000 in 2026: the year's cap is used up
    assert _post_order(client, active_contract, "5", order_date="2027-02-01").status_code == 302
    assert ServiceOrder.objects.filter(contract=active_contract).count() == 2


@pytest.mark.django_db
def test_the_order_form_shows_what_remains_under_the_caps(
    client, marketing_manager, active_contract, rate_cards
):
    client.force_login(marketing_manager)
    _post_order(client, active_contract, "2")  # 20,000 of the 300,000 contract cap
    page = client.get(reverse("contracts:detail", args=[active_contract.pk])).content.decode()
    assert 'id="order-caps"' in page
    assert "280 000,00" in page or "280,000.00" in page
    assert str(active_contract.number) in page
    assert "Annual cap" in page or "Годовой лимит" in page


@pytest.mark.django_db
def test_the_expert_profile_shows_the_remaining_caps_to_staff_only(
    client, marketing_manager, kol, active_contract, rate_cards
):
    client.force_login(marketing_manager)
    _post_order(client, active_contract, "2")
    page = client.get(reverse("experts:detail", args=[kol.expert.pk])).content.decode()
    assert 'id="section-caps"' in page
    assert "280 000,00" in page or "280,000.00" in page
    client.force_login(kol)
    page = client.get(reverse("experts:cabinet_profile")).content.decode()
    assert 'id="section-caps"' not in page
