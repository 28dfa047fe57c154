"""One definition of "paid to an expert in calendar year Y" (payments.selectors.paid_in_year_q):
status paid, by payment date. The profile, the annual-cap check and the transparency report use
it."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation

from payments import selectors, services, transparency_report
from payments.models import Payout
from tests.factories.contracts import force_status
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.payments import PayoutFactory, signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status


@pytest.mark.parametrize(
    ("status", "paid_at", "counts_in_2025", "counts_in_2026"),
    [
        (S.PAID, date(2025, 12, 31), True, False),  # the last day of the year
        (S.PAID, date(2026, 1, 1), False, True),  # the first day of the next
        (S.FAILED, None, False, False),  # the bank refused it: not paid
        (S.CANCELLED, None, False, False),
        (S.APPROVED, None, False, False),  # owed, not paid yet
        (S.IN_REGISTRY, None, False, False),
    ],
)
def test_paid_in_year_by_status_and_payment_date(status, paid_at, counts_in_2025, counts_in_2026):
    payout = PayoutFactory(act__amount=D("1000.00"), due_date=date(2025, 12, 20), paid_at=paid_at)
    Payout.objects.filter(pk=payout.pk).update(status=status)
    paid = {
        year: selectors.expert_paid_in_year(expert_id=payout.expert_id, year=year)
        for year in (2025, 2026)
    }
    assert paid == {
        2025: D("1000.00") if counts_in_2025 else D("0.00"),
        2026: D("1000.00") if counts_in_2026 else D("0.00"),
    }


def test_profile_transparency_and_definition_agree(client, admin_user, finance):
    """A payout due last year and paid this year counts this year; an approved one created this
    year does not (the profile used the creation year and counted unpaid payouts)."""
    expert = ExpertFactory()
    ConsentFactory(expert=expert, allows_named_disclosure=True)
    year = timezone.localdate().year
    paid = PayoutFactory(
        act=signed_act(expert=expert, amount=D("70000.00")),
        due_date=date(year - 1, 12, 28),
        paid_at=date(year, 1, 9),
    )
    Payout.objects.filter(pk=paid.pk).update(
        status=S.PAID, created_at=timezone.now() - timedelta(days=400)
    )
    approved = PayoutFactory(act=signed_act(expert=expert, amount=D("5000.00")))
    force_status(approved, S.APPROVED)
    assert selectors.expert_paid_in_year(expert_id=expert.pk, year=year) == D("70000.00")
    report = transparency_report.transparency_report(year=year)
    assert [r.total for r in report.rows if r.expert_id == expert.pk] == [D("70000.00")]
    client.force_login(admin_user)
    response = client.get(reverse("experts:detail", args=[expert.pk]), HTTP_ACCEPT_LANGUAGE="en")
    payouts = next(s for s in response.context["sections"] if s.key == "payouts")
    with translation.override(response.context["LANGUAGE_CODE"]):
        expected = f"{floatformat(D('70000.00'), '2g')}"
    assert str(year) in payouts.summary and expected in payouts.summary
    assert payouts.summary in response.content.decode()


def test_annual_cap_counts_what_was_paid_this_year_by_payment_date(finance):
    """A payout due in December and paid in January counts against January's year."""
    expert = ExpertFactory(tier="local")  # seeded annual cap 800,000
    ConsentFactory(expert=expert)
    year = timezone.localdate().year
    earlier = PayoutFactory(
        act=signed_act(expert=expert, amount=D("700000.00"), cap_amount=D("5000000")),
        due_date=date(year - 1, 12, 28),
        paid_at=date(year, 1, 9),
    )
    Payout.objects.filter(pk=earlier.pk).update(status=S.PAID)
    act = signed_act(
        expert=expert,
        amount=D("150000.00"),
        cap_amount=D("5000000"),
        signed_at=timezone.make_aware(datetime(year, 6, 1, 12)),
    )
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert payout.due_date.year == year
    assert payout.status == S.BLOCKED
    assert "850" in payout.checks.get(code="annual_cap", run_at=payout.checked_at).message
