"""Transparency report: fees by service type, attributable event costs, named disclosure only with
consent, CSV/XLSX export."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.models import BudgetCategory
from payments import services, transparency
from payments.models import Payout
from tests.factories.contracts import force_status
from tests.factories.events import BudgetLineFactory
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db


def _paid(expert, amount, finance):
    payout = services.payout_create_from_act(
        act=signed_act(expert=expert, amount=amount), actor=finance
    )
    force_status(payout, Payout.Status.PAID)
    Payout.objects.filter(pk=payout.pk).update(paid_at=date(2026, 4, 1))
    return payout


@pytest.fixture
def experts(finance):
    named = ExpertFactory(last_name="Открытый")
    ConsentFactory(expert=named, allows_named_disclosure=True)
    hidden = ExpertFactory(last_name="Скрытый")
    ConsentFactory(expert=hidden, allows_named_disclosure=False)
    p = _paid(named, D("50000"), finance)
    _paid(hidden, D("30000"), finance)
    BudgetLineFactory(
        category=BudgetCategory.TRAVEL,
        actual=D("12000"),
        service_order=p.act.order,
        event__starts_at=timezone.make_aware(timezone.datetime(2026, 5, 1, 10)),
    )
    return named, hidden


def test_named_with_consent_aggregate_otherwise(experts):
    named, hidden = experts
    rows = transparency.transfers_of_value(year=2026)
    recipients = {r.recipient for r in rows}
    assert named.full_name in recipients and hidden.full_name not in recipients
    fee = next(r for r in rows if r.recipient == named.full_name and "speaker" in r.nature)
    assert fee.amount == D("50000.00") and fee.count == 1
    travel = next(r for r in rows if r.recipient == named.full_name and "Travel" in r.nature)
    assert travel.amount == D("12000.00")
    aggregate = [r for r in rows if r.expert_id is None]
    assert sum(r.amount for r in aggregate) == D("30000.00")


def test_exports(experts):
    rows = transparency.transfers_of_value(year=2026)
    csv_text = transparency.transfers_csv(rows).decode("utf-8-sig")
    assert csv_text.count("\r\n") == len(rows) + 1
    wb = load_workbook(io.BytesIO(transparency.transfers_xlsx(rows, year=2026)))
    assert wb.active.max_row == len(rows) + 1


def test_other_years_are_empty(experts):
    assert transparency.transfers_of_value(year=2025) == []


def test_export_through_the_page(client, compliance, experts):
    client.force_login(compliance)
    response = client.get("/payments/transparency/", {"year": 2026, "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
