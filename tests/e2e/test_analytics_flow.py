"""A manager opens the plan-vs-fact dashboard, filters by product and region, clicks a figure,
lands on the list of events behind it, and exports the table."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from analytics.services import facts_refresh
from tests.e2e.conftest import login, shot
from tests.factories.analytics import PlanFactory
from tests.factories.contracts import force_status
from tests.factories.core import ProductFactory, RegionFactory
from tests.factories.events import BudgetLineFactory, EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)
MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def data(marketing_manager):
    product, other_product = ProductFactory(name="Кардиомакс"), ProductFactory(name="Нейролин")
    moscow, kazan = RegionFactory(code="77", name="Москва"), RegionFactory(code="16", name="Казань")
    events = []
    for i, (product_, region, status) in enumerate(
        [(product, moscow, "held"), (product, moscow, "closed"), (product, kazan, "held"),
         (other_product, moscow, "held"), (product, moscow, "approved")]
    ):  # fmt: skip
        event = EventFactory(
            title=f"Школа {i + 1}",
            starts_at=datetime(2026, 2 + i, 10, 10, tzinfo=MSK),
            ends_at=datetime(2026, 2 + i, 10, 14, tzinfo=MSK),
            region=region,
            owner=marketing_manager,
            approved_total=Decimal("100000"),
        )
        event.products.set([product_])
        force_status(event, status)
        BudgetLineFactory(event=event, actual=Decimal(40000 + 1000 * i))
        for _ in range(3 + i):
            ParticipantFactory(event=event, status="attended", specialty="Кардиология")
        events.append(event)
    PlanFactory(year=2026, product=product, region=moscow, manager=marketing_manager, events=8,
                participants=120, budget=Decimal("900000"))  # fmt: skip
    PlanFactory(year=2026, product=other_product, region=kazan, events=4)
    facts_refresh()
    return {"product": product, "region": moscow}


def test_manager_filters_drills_down_and_exports(page, phone_page, marketing_manager, data):
    login(page, marketing_manager)
    page.goto("/analytics/?year=2026")
    page.get_by_test_id("kpi-cards").wait_for()
    # products are searched on the server (a picker), regions are a short list
    page.get_by_test_id("product-search").fill("Кардиомакс")
    page.locator("select[name=product] option", has_text="Кардиомакс").wait_for(state="attached")
    page.select_option("select[name=product]", label="Кардиомакс")
    page.select_option("select[name=region]", label="Москва")
    page.get_by_test_id("filters").locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert f"product={data['product'].pk}" in page.url and f"region={data['region'].pk}" in page.url
    held = page.locator("[data-figure=held]")
    assert held.inner_text().strip() == "2"  # Школа 1 (held) and Школа 2 (closed)
    shot(page, "analytics-dashboard-desktop")
    held.click()
    page.wait_for_load_state("networkidle")
    assert "/analytics/drill/events/" in page.url and "metric=held" in page.url
    rows = page.locator("table[data-table=drill-held] tbody tr")
    assert rows.count() == 2
    assert sorted(rows.nth(i).locator("td").nth(1).inner_text() for i in range(2)) == [
        "Школа 1", "Школа 2"]  # fmt: skip
    assert page.get_by_test_id("drill-total").inner_text().strip() == "2"
    shot(page, "analytics-drill-desktop")
    with page.expect_download() as download:
        page.locator("[data-export=xlsx-held]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download() as download:
        page.locator("[data-export=csv-held]").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Школа 1" in content and "Школа 4" not in content

    # the same dashboard on a 360 px phone
    login(phone_page, marketing_manager)
    phone_page.goto("/analytics/?year=2026")
    phone_page.get_by_test_id("kpi-cards").wait_for()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must not scroll sideways at 360 px"
    shot(phone_page, "analytics-dashboard-phone")
    phone_page.goto("/analytics/roi/?year=2026")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "analytics-roi-phone")
