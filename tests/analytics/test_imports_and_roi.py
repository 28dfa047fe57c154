"""XLSX imports (all or nothing, every error reported) and the ROI rules."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from analytics import roi
from analytics.imports import PLAN_COLUMNS, SALES_COLUMNS, plans_import, sales_import
from analytics.models import Plan, SalesRecord
from analytics.selectors import plan_month_share
from tests.factories.analytics import PlanFactory, SalesRecordFactory
from tests.factories.core import ProductFactory, RegionFactory
from tests.factories.events import EventTypeFactory


def xlsx(header, rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture
def refs(db, marketing_manager):
    return {
        "product": ProductFactory(name="Кардиомакс"),
        "region": RegionFactory(code="R77", name="Москва"),
        "type": EventTypeFactory(code="school"),
        "manager": marketing_manager,
    }


def test_plans_import_creates_then_updates(refs):
    rows = [
        [2026, None, "Кардиомакс", "R77", "manager", "school", 12, 120, 6, "1 200 000,50"],
        [2026, 1, "Кардиомакс", "Москва", None, None, 3, 30, 2, 300000],
    ]
    result = plans_import(file=xlsx(PLAN_COLUMNS, rows))
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    assert Plan.objects.get(quarter=None).budget == Decimal("1200000.50")
    rows[0][6] = 15
    result = plans_import(file=xlsx(PLAN_COLUMNS, rows))
    assert (result.created, result.updated) == (0, 2)
    assert Plan.objects.get(quarter=None).events == 15


def test_plans_import_reports_every_bad_row_and_saves_nothing(refs):
    rows = [
        [2026, None, "Кардиомакс", "R77", "manager", "school", 12, 120, 6, 1000],
        [2026, 5, "Кардиомакс", "R77", None, None, 1, 1, 1, 1],
        [2026, None, "Нет такого", "R77", None, None, 1, 1, 1, 1],
        [2026, None, "Кардиомакс", "R77", None, None, "много", 1, 1, 1],
        [2026, 2, "Кардиомакс", "R77", "manager", "school", 1, 1, 1, 1],
        [2026, None, "Кардиомакс", "R77", None, None, 1, 1, 1, -5],
    ]
    result = plans_import(file=xlsx(PLAN_COLUMNS, rows))
    assert [number for number, _ in result.errors] == [3, 4, 5, 6, 7]
    assert "not found" in result.errors[1][1]
    assert "annual plan" in result.errors[3][1]  # Q2 row for a key planned for the year
    assert Plan.objects.count() == 0


def test_import_refuses_a_file_without_the_columns(refs):
    result = sales_import(file=xlsx(["month", "amount"], [["2026-01", 1]]))
    assert result.errors == [(1, "Missing columns: region, product, units.")]
    assert not sales_import(file=io.BytesIO(b"not a workbook")).ok


def test_sales_import_by_month(refs):
    rows = [[datetime(2026, 1, 15), "R77", "Кардиомакс", 1000, 10], ["2026-02", "Москва",
            "Кардиомакс", "2000.5", None]]  # fmt: skip
    assert sales_import(file=xlsx(SALES_COLUMNS, rows)).created == 2
    assert SalesRecord.objects.get(month=date(2026, 2, 1)).amount == Decimal("2000.50")


def test_import_page_shows_errors(client, refs, django_capture_on_commit_callbacks):
    client.force_login(refs["manager"])
    upload = SimpleUploadedFile("plans.xlsx", xlsx(PLAN_COLUMNS, [[2026, 9] + [None] * 8]).read())
    with django_capture_on_commit_callbacks(execute=True):  # the task reads the file on commit
        response = client.post(reverse("analytics:plans_import"), {"file": upload})
    response = client.get(response.url)
    assert response.status_code == 200
    assert [n for n, _ in response.context["job"].errors] == [2]
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not Plan.objects.exists()


def test_annual_and_quarterly_rows_of_one_key_cannot_coexist(refs):
    PlanFactory(year=2026, product=refs["product"])
    with pytest.raises(ValidationError):
        Plan(year=2026, quarter=1, product=refs["product"]).full_clean()


@pytest.mark.parametrize(
    "quarter,month,share",
    [(None, 1, Decimal(1) / 12), (None, 12, Decimal(1) / 12), (1, 3, Decimal(1) / 3),
     (1, 4, Decimal(0)), (4, 10, Decimal(1) / 3), (4, 9, Decimal(0))],
)  # fmt: skip
def test_plan_month_share(quarter, month, share):
    assert plan_month_share(quarter, month) == share


@pytest.mark.parametrize(
    "first,last,before,after",
    [
        (date(2026, 3, 15), date(2026, 3, 15), (date(2025, 12, 1), date(2026, 3, 1)),
         (date(2026, 4, 1), date(2026, 7, 1))),
        (date(2026, 1, 1), date(2026, 12, 31), (date(2025, 10, 1), date(2026, 1, 1)),
         (date(2027, 1, 1), date(2027, 4, 1))),
    ],
)  # fmt: skip
def test_uplift_windows(first, last, before, after):
    assert roi.uplift_windows(first, last) == (before, after)


@pytest.mark.parametrize(
    "before,after,uplift",
    [(Decimal(100), Decimal(150), Decimal("50.0")), (Decimal(200), Decimal(100),
     Decimal("-50.0")), (None, Decimal(5), None), (Decimal(0), Decimal(5), None)],
)  # fmt: skip
def test_sales_uplift(before, after, uplift):
    assert roi.sales_uplift(before, after) == uplift


@given(st.decimals(min_value=1, max_value=10**9, places=2),
       st.decimals(min_value=0, max_value=10**9, places=2))  # fmt: skip
def test_uplift_is_the_growth_over_before(before, after):
    uplift = roi.sales_uplift(before, after)
    assert abs(before * (1 + uplift / 100) - after) <= before * Decimal("0.0005") + Decimal("0.01")


@pytest.mark.django_db
def test_event_uplift_on_the_roi_page(client, dataset):
    """E1 (15 Jan, Москва, Кардиомакс): Oct-Dec 2025 sales 300 000, Feb-Apr 2026 450 000."""
    for month in (10, 11, 12):
        SalesRecordFactory(month=date(2025, month, 1), region=dataset.r1, product=dataset.p1)
    for month in (2, 3, 4):
        SalesRecordFactory(month=date(2026, month, 1), region=dataset.r1, product=dataset.p1,
                           amount=Decimal("150000"))  # fmt: skip
    SalesRecordFactory(month=date(2026, 1, 1), region=dataset.r1, product=dataset.p1,
                       amount=Decimal("999999"))  # the event month is left out  # fmt: skip
    client.force_login(dataset.m1)
    response = client.get(reverse("analytics:roi"), {"year": 2026, "region": dataset.r1.pk})
    row = next(r for r in response.context["table"].rows if r["event"] == "E1")
    assert (row["before"], row["after"], row["uplift"]) == (
        Decimal("300000.00"), Decimal("450000.00"), Decimal("50.0"))  # fmt: skip
    assert row["cost"] == Decimal("80000.00") and row["cptp"] == Decimal("40000.00")
    assert response.context["method"] and response.context["campaign"]["method"]


def test_timezone_of_the_period(refs):
    from analytics.filters import Filters

    start, end = Filters(year=2026, quarter=2).bounds()
    assert start == datetime(2026, 4, 1, tzinfo=ZoneInfo("Europe/Moscow"))
    assert end == datetime(2026, 7, 1, tzinfo=ZoneInfo("Europe/Moscow"))


def test_campaign_sales_are_summed_over_the_windows(client, dataset):
    """2026 as one campaign (Москва, Кардиомакс): Oct-Dec 2025 against Jan-Mar 2027; the months
    between are left out."""
    for month in (10, 11, 12):
        SalesRecordFactory(month=date(2025, month, 1), region=dataset.r1, product=dataset.p1,
                           amount=Decimal("100000"))  # fmt: skip
    SalesRecordFactory(month=date(2026, 6, 1), region=dataset.r1, product=dataset.p1,
                       amount=Decimal("999999"))  # fmt: skip
    SalesRecordFactory(month=date(2027, 2, 1), region=dataset.r1, product=dataset.p1,
                       amount=Decimal("50000"))  # fmt: skip
    client.force_login(dataset.m1)
    response = client.get(reverse("analytics:roi"), {"year": 2026, "region": dataset.r1.pk})
    campaign = response.context["campaign"]
    assert (campaign["sales_before"], campaign["sales_after"], campaign["uplift"]) == (
        Decimal("300000.00"), Decimal("50000.00"), Decimal("-83.3"))  # fmt: skip
    empty = client.get(reverse("analytics:roi"), {"year": 2025}).context["campaign"]
    assert (empty["sales_before"], empty["uplift"]) == (None, None)
