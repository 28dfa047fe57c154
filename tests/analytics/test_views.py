"""Permissions per role, query counts, exports and the BI API."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analytics.services import facts_refresh
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

STAFF = ["field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "admin"]
READ_PAGES = ["dashboard", "drill_events", "drill_experts", "products", "roi", "plans", "sales"]


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize("persona", STAFF + ["kol", "other_kol"])
def test_read_pages_are_for_staff_only(client, personas, persona, name):
    client.force_login(personas[persona])
    response = client.get(reverse(f"analytics:{name}"))
    assert response.status_code == (200 if persona in STAFF else 403)


@pytest.mark.parametrize(
    "name", READ_PAGES + ["drill_payouts", "kpi", "plan_new", "plans_import", "sales_import"]
)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"analytics:{name}"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", ["plan_new", "plans_import", "sales_import", "kpi_target_new"])
@pytest.mark.parametrize(
    "persona,allowed",
    [("marketing_manager", True), ("admin", True), ("field_staff", False), ("finance", False),
     ("kol", False)],
)  # fmt: skip
def test_plans_are_kept_by_marketing_managers_and_admins(client, personas, name, persona, allowed):
    client.force_login(personas[persona])
    assert client.get(reverse(f"analytics:{name}")).status_code == (200 if allowed else 403)


def test_a_manager_sees_own_kpi_but_not_anothers(client, personas):
    manager, field = personas["marketing_manager"], personas["field_staff"]
    client.force_login(manager)
    assert client.get(reverse("analytics:kpi")).status_code == 200
    assert client.get(reverse("analytics:kpi"), {"manager": field.pk}).status_code == 403
    client.force_login(personas["admin"])
    assert client.get(reverse("analytics:kpi"), {"manager": manager.pk}).status_code == 200
    client.force_login(personas["kol"])
    assert client.get(reverse("analytics:kpi")).status_code == 403


def test_kol_view_is_staff_only(client, personas):
    expert = personas["kol"].expert
    client.force_login(personas["marketing_manager"])
    assert client.get(reverse("analytics:kol", args=[expert.pk])).status_code == 200
    for kol in ("kol", "other_kol"):
        client.force_login(personas[kol])
        assert client.get(reverse("analytics:kol", args=[expert.pk])).status_code == 403


def test_refresh_is_post_only_and_for_plan_keepers(client, personas):
    client.force_login(personas["field_staff"])
    assert client.post(reverse("analytics:refresh")).status_code == 403
    client.force_login(personas["marketing_manager"])
    assert client.get(reverse("analytics:refresh")).status_code == 405
    response = client.post(reverse("analytics:refresh"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("analytics:dashboard")


def _events(n, owner):
    for _ in range(n):
        EventFactory(owner=owner)
    facts_refresh()


@pytest.mark.parametrize("name", ["dashboard", "drill_events", "products", "roi"])
def test_query_count_does_not_grow_with_rows(client, marketing_manager, name,
                                             django_assert_max_num_queries):  # fmt: skip
    client.force_login(marketing_manager)
    url = reverse(f"analytics:{name}") + "?year=2026&metric=planned"
    _events(2, marketing_manager)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    _events(12, marketing_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_exports_carry_the_table_rows(client, dataset):
    client.force_login(dataset.m1)
    url = reverse("analytics:dashboard")
    response = client.get(
        url, {"year": 2026, "export": "csv", "table": "products"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = [["Кардиомакс", "3", "100000.00"], ["Нейролин", "2", "15000.00"]]
    assert sorted(rows[1:]) == sorted([*expected, ["No product", "1", "0.00"]])
    response = client.get(url, {"year": 2026, "export": "xlsx", "table": "regions"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header + Москва + Казань
    drill = reverse("analytics:drill_events")
    response = client.get(drill, {"year": 2026, "metric": "total_cost", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sum(Decimal(str(r[-1])) for r in sheet.iter_rows(min_row=2, values_only=True)) == 115000


def test_the_dashboard_shows_the_costliest_products_and_links_them_all(
    client, dataset, monkeypatch
):
    """The dashboard's cost-by-product table and chart are bounded (the costliest few); the
    link leads to every product a page at a time, and the export carries them all."""
    monkeypatch.setattr("analytics.reports.TOP_PRODUCTS", 1)
    client.force_login(dataset.m1)
    page = client.get(reverse("analytics:dashboard"), {"year": 2026})
    assert [r["name"] for r in page.context["tables"]["products"].rows] == ["Кардиомакс"]
    assert page.context["chart"]["products"] == ["Кардиомакс"]
    assert b'data-testid="all-products"' in page.content
    export = client.get(reverse("analytics:dashboard"), {"year": 2026, "export": "csv",
                                                         "table": "products"})  # fmt: skip
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == 4
    full = client.get(reverse("analytics:products"), {"year": 2026})
    names = [r["name"] for r in full.context["table"].rows]
    assert names[:2] == ["Кардиомакс", "Нейролин"] and len(names) == 3  # then "no product"
    assert full.context["total"] == Decimal("115000.00")
    response = client.get(reverse("analytics:products"), {"year": 2026, "export": "csv"},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 4


def test_bi_api_with_filters(client, dataset):
    client.force_login(dataset.m1)
    auth = {}
    url = reverse("analytics:api", args=["summary"])
    data = client.get(url, {"year": 2026, "product": dataset.p1.pk}, **auth).json()
    # E1 80 000 + E2 30 000 (whole event) + cancelled E4 5 000
    assert data["fact"]["planned"] == 2 and data["fact"]["total_cost"] == "115000.00"
    events = client.get(reverse("analytics:api", args=["events"]), {"year": 2026}, **auth).json()
    assert events["count"] == 5
    assert client.get(reverse("analytics:api", args=["nope"]), **auth).status_code == 404


@pytest.mark.parametrize("persona", ["kol", "other_kol"])
def test_bi_api_refuses_kols_and_anonymous(client, personas, persona):
    url = reverse("analytics:api", args=["summary"])
    assert client.get(url).status_code in (401, 403)
    client.force_login(personas[persona])
    assert client.get(url).status_code == 403
