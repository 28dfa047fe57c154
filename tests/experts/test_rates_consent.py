"""Fees by rate card and the 152-FZ consent rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from experts.consent import (
    consent_blocking_reason,
    consent_current,
    consent_in_force,
    consent_is_valid,
)
from experts.errors import NoRateCardError
from experts.models import ServiceType, Tier
from experts.rates import fee_amount, fee_for, rate_card_for, rate_cards_for
from tests.factories.experts import ConsentFactory, ExpertFactory, RateCardFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_rate_card_for_picks_the_card_valid_on_the_date():
    old = RateCardFactory(
        fee_per_hour=D("8000"), valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31)
    )
    new = RateCardFactory(fee_per_hour=D("9000"), valid_from=date(2025, 1, 1))
    assert (
        rate_card_for(tier=Tier.NATIONAL, service_type=ServiceType.LECTURE, on=date(2024, 12, 31))
        == old
    )
    assert (
        rate_card_for(tier=Tier.NATIONAL, service_type=ServiceType.LECTURE, on=date(2025, 1, 1))
        == new
    )
    assert (
        rate_card_for(tier=Tier.NATIONAL, service_type=ServiceType.LECTURE, on=date(2023, 6, 1))
        is None
    )
    assert (
        rate_card_for(tier=Tier.LOCAL, service_type=ServiceType.LECTURE, on=date(2025, 6, 1))
        is None
    )


def test_the_cards_of_every_service_are_rate_card_for_of_each(django_assert_num_queries):
    """One query, the same choice per service type: overlapping periods (the latest valid_from
    wins, then the latest card), an ended card, another tier's card."""
    for service, fees in (
        (ServiceType.LECTURE, ("8000", "8500")),
        (ServiceType.ADVISORY_BOARD, ("700",)),
    ):
        for fee in fees:
            RateCardFactory(service_type=service, fee_per_hour=D(fee), valid_from=date(2025, 1, 1))
    RateCardFactory(service_type=ServiceType.LECTURE, valid_from=date(2025, 3, 1))
    RateCardFactory(
        service_type=ServiceType.ADVISORY_BOARD,
        valid_from=date(2025, 2, 1),
        valid_to=date(2025, 2, 28),
    )
    RateCardFactory(tier=Tier.LOCAL, service_type=ServiceType.LECTURE, valid_from=date(2024, 1, 1))
    for on in (date(2024, 6, 1), date(2025, 1, 1), date(2025, 2, 15), date(2025, 6, 1)):
        expected = {
            service: card
            for service in ServiceType.values
            if (card := rate_card_for(tier=Tier.NATIONAL, service_type=service, on=on))
        }
        with django_assert_num_queries(1):
            assert rate_cards_for(tier=Tier.NATIONAL, on=on) == expected


def test_fee_for_multiplies_hours_by_rate_and_rounds_half_up():
    RateCardFactory(fee_per_hour=D("10000.01"), valid_from=date(2020, 1, 1))
    fee = fee_for(
        tier=Tier.NATIONAL, service_type=ServiceType.LECTURE, hours=D("1.5"), on=date(2025, 5, 1)
    )
    assert fee == D("15000.02")  # 15000.015 -> half up


@pytest.mark.parametrize(
    ("tier", "message"),
    [("", "no tier"), (Tier.LOCAL, "No rate card")],
)
def test_fee_for_without_card_raises_clear_error(tier, message):
    RateCardFactory()
    with pytest.raises(NoRateCardError, match=message):
        fee_for(tier=tier, service_type=ServiceType.LECTURE, hours=D(2), on=date(2025, 1, 1))


@given(st.decimals(0, 1000, places=2), st.decimals(0, 1_000_000, places=2))
def test_fee_amount_is_kopeck_exact(hours, rate):
    fee = fee_amount(hours=hours, fee_per_hour=rate)
    assert fee == fee.quantize(D("0.01"))
    assert abs(fee - hours * rate) <= D("0.005")


def test_fee_amount_refuses_negative_hours():
    with pytest.raises(ValueError):
        fee_amount(hours=D(-1), fee_per_hour=D(100))


def test_consent_valid_while_given_and_not_withdrawn():
    now = timezone.now()
    consent = ConsentFactory(given_at=now - timedelta(days=10))
    expert = consent.expert
    assert consent_is_valid(expert=expert)
    assert consent_is_valid(expert=expert, on=(now - timedelta(days=5)).date())
    assert not consent_is_valid(expert=expert, on=now - timedelta(days=11))
    consent.withdrawn_at = now - timedelta(days=2)
    consent.save()
    assert not consent_is_valid(expert=expert)
    assert consent_is_valid(expert=expert, on=now - timedelta(days=3))
    assert "withdrawn" in consent_blocking_reason(expert=expert)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda e: None, "No personal-data consent"),
        (lambda e: ConsentFactory(expert=e), None),
        (lambda e: (ConsentFactory(expert=e), setattr(e, "is_active", False)), "inactive"),
        (lambda e: (ConsentFactory(expert=e), setattr(e, "erased_at", timezone.now())), "erased"),
        (
            lambda e: ConsentFactory(expert=e, given_at=timezone.now() + timedelta(days=3)),
            "takes effect",
        ),
    ],
)
def test_consent_blocking_reason(setup, expected):
    expert = ExpertFactory()
    setup(expert)
    reason = consent_blocking_reason(expert=expert)
    if expected is None:
        assert reason is None
    else:
        assert expected in reason


def test_a_new_consent_after_withdrawal_unblocks():
    now = timezone.now()
    expert = ExpertFactory()
    ConsentFactory(
        expert=expert, given_at=now - timedelta(days=30), withdrawn_at=now - timedelta(days=20)
    )
    assert consent_blocking_reason(expert=expert)
    ConsentFactory(expert=expert, given_at=now - timedelta(days=1))
    assert consent_blocking_reason(expert=expert) is None


def test_consent_in_force_is_the_latest_given_unless_withdrawn():
    """consent_in_force (the profile's history, pure) answers as consent_current (one query)."""
    expert = ExpertFactory()
    now = timezone.now()
    assert consent_in_force([], now=now) is None
    first = ConsentFactory(expert=expert, given_at=now - timedelta(days=10))
    tie = ConsentFactory(expert=expert, given_at=first.given_at)  # same moment: the later id
    ConsentFactory(expert=expert, given_at=now + timedelta(days=1))  # not yet given
    rows = list(expert.consents.all())
    assert consent_in_force(rows, now=now) == tie == consent_current(expert=expert)
    tie.withdrawn_at = now - timedelta(days=1)
    tie.save()
    rows = list(expert.consents.all())
    assert consent_in_force(rows, now=now) is None
    assert consent_current(expert=expert) is None


def test_the_profile_offers_to_withdraw_only_the_consent_in_force(client, compliance):
    """On the profile page (HTTP) the consent in force is the one with the withdraw button: of
    two given at the same moment the later recorded, never one not yet given; once it is
    withdrawn, none."""
    expert = ExpertFactory()
    now = timezone.now()
    first = ConsentFactory(expert=expert, given_at=now - timedelta(days=10))
    tie = ConsentFactory(expert=expert, given_at=first.given_at)
    future = ConsentFactory(expert=expert, given_at=now + timedelta(days=1))
    client.force_login(compliance)
    url = reverse("experts:detail", args=[expert.pk])

    def withdrawable():
        page = client.get(url).content.decode()
        return [
            c.pk
            for c in (first, tie, future)
            if f'action="{reverse("experts:consent_withdraw", args=[c.pk])}"' in page
        ]

    assert withdrawable() == [tie.pk]
    tie.withdrawn_at = now - timedelta(hours=1)
    tie.save()
    assert withdrawable() == []
