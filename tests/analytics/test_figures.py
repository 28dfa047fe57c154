"""Every figure of the hand-built data set (tests/analytics/conftest.py) against a hand count."""

from decimal import Decimal

import pytest

from analytics import selectors
from analytics.filters import Filters
from analytics.selectors.facts import _speaker_dim

pytestmark = pytest.mark.django_db
D = Decimal


def test_fact_summary_for_the_year_matches_the_hand_count(dataset):
    fact = selectors.fact_summary(Filters(year=2026))
    assert fact["planned"] == 4  # E1 E2 E3 E5 (E4 cancelled, E6 in 2025)
    assert fact["approved"] == 3  # E1 E2 E3
    assert fact["held"] == 2  # E1 E2
    assert fact["cancelled"] == 1  # E4
    assert fact["participants"] == 5  # 3 + 2 attended
    assert fact["target_participants"] == 3  # Кардиология: 2 in E1, 1 in E2
    assert fact["experts"] == 2  # X1, X2
    assert fact["approved_total"] == D("220000.00")  # 100 000 + 50 000 + 70 000
    assert fact["budget_final"] == D("140000.00")  # 55+40+25+0+20 thousand
    assert fact["budget_actual"] == D("115000.00")  # 50+40+20+0+5 thousand
    assert fact["fees_paid"] == D("30000.00")
    assert fact["total_cost"] == D("115000.00")  # non-fee lines 75 000 + fees 30 000 + 10 000
    assert fact["cost_per_participant"] == D("23000.00")  # 115 000 / 5
    assert fact["cost_per_target_participant"] == D("38333.33")  # 115 000 / 3
    assert fact["feedback_score"] == D("4.50")  # (5 + 4) / 2; the speaker rating is not counted
    assert fact["nps"] == D("33.3")  # (2 promoters - 1 detractor) / 3 answers


def test_plan_and_percent_done_for_the_year(dataset):
    cards = {c["key"]: c for c in selectors.kpi_cards(Filters(year=2026))}
    assert cards["held"]["plan"] == D("17.0") and cards["held"]["fact"] == 2
    assert cards["held"]["percent"] == D("11.8")  # 2 / 17
    assert cards["participants"]["plan"] == D("150.0")
    assert cards["participants"]["percent"] == D("3.3")  # 5 / 150
    assert cards["experts"]["plan"] == D("9.0")
    assert cards["experts"]["percent"] == D("22.2")  # 2 / 9
    assert cards["total_cost"]["plan"] == D("1600000.00")
    assert cards["total_cost"]["percent"] == D("7.2")  # 115 000 / 1 600 000


def test_quarter_pro_rates_the_annual_plan(dataset):
    plan = selectors.plan_summary(Filters(year=2026, quarter=1))
    # annual row / 4 + the Q1 row
    assert plan == {
        "events": D("6.0"),
        "participants": D("60.0"),
        "experts": D("4.5"),
        "budget": D("600000.00"),
    }
    fact = selectors.fact_summary(Filters(year=2026, quarter=1))
    assert (fact["held"], fact["cancelled"], fact["participants"]) == (2, 1, 5)


def test_monthly_plan_and_fact(dataset):
    months = selectors.facts_by_month(Filters(year=2026))
    assert {m: row["held"] for m, row in months.items()} == {1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
    plan = selectors.plan_by(Filters(year=2026), "month")
    assert plan[1]["events"] == D("2.0")  # 12/12 + 3/3
    assert plan[4]["events"] == D("1.7")  # 12/12 + 2/3
    assert plan[7]["events"] == D("1.0")
    assert sum(p["budget"] for p in plan.values()) == D("1600000.00")


def test_cost_by_product_splits_multi_product_events_equally(dataset):
    rows = {r["name"]: r["cost"] for r in selectors.cost_by_product(Filters(year=2026))}
    # E1 80 000 + half of E2 15 000 + E4 5 000; P2: half of E2 + E3 0; E5 has no product
    assert rows == {"Кардиомакс": D("100000.00"), "Нейролин": D("15000.00"), None: D("0.00")}
    assert sum(rows.values()) == selectors.fact_summary(Filters(year=2026))["total_cost"]


def test_by_region(dataset):
    rows = selectors.facts_by(Filters(year=2026), "region_id")
    assert rows[dataset.r1.pk]["held"] == 1 and rows[dataset.r1.pk]["total_cost"] == D("85000.00")
    assert rows[dataset.r2.pk]["participants"] == 2
    plan = selectors.plan_by(Filters(year=2026), "region_id")
    assert plan[dataset.r1.pk]["events"] == D("14.0") and plan[dataset.r2.pk]["events"] == D("3.0")


def test_kpi_of_a_manager(dataset):
    kpi = {r["key"]: r for r in selectors.kpi_for_manager(manager=dataset.m1, year=2026)["rows"]}
    assert kpi["events_held"]["fact"] == 2 and kpi["events_held"]["percent"] == D("20.0")
    assert kpi["participants"]["percent"] == D("5.0")
    # E1 80 000 + E2 30 000 + E4 5 000 over 5 participants = 23 000 > 20 000
    assert kpi["cost_per_participant"]["fact"] == D("23000.00")
    assert kpi["cost_per_participant"]["met"] is False
    assert kpi["feedback_score"]["met"] is True  # 4.50 >= 4.00


def test_the_summary_table_equals_the_live_view(dataset):
    """The refreshed table holds exactly what the view computes now."""
    from django.db import connection

    from analytics.sql import FACT_COLUMNS

    cols = ", ".join(FACT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols} FROM analytics_bi_event_facts ORDER BY event_id")
        live = cursor.fetchall()
        cursor.execute(f"SELECT {cols} FROM analytics_eventfact ORDER BY event_id")
        stored = cursor.fetchall()
    assert len(live) == 6
    normalise = [[str(Decimal(str(v))) if isinstance(v, float) else v for v in r] for r in live]
    assert len(stored) == len(normalise)


def test_data_as_of_is_the_last_refresh(dataset):
    assert selectors.data_as_of() is not None


@pytest.mark.parametrize("quarter", [None, 1, 2])
def test_the_grid_rolls_up_to_the_same_figures(dataset, quarter):
    """The dashboard's one-scan grid gives exactly the figures of the separate aggregates."""
    filters = Filters(year=2026, quarter=quarter)
    grid = selectors.facts_grid(filters)
    assert selectors.fact_summary(filters, grid) == selectors.fact_summary(filters)
    assert selectors.facts_by_month(filters, grid) == selectors.facts_by_month(filters)
    assert selectors.facts_by(filters, "region_id", grid) == selectors.facts_by(
        filters, "region_id"
    )


CELL_SPECS = [
    # (filters besides the year, whether the monthly cells and the experts counts answer)
    ({}, True, True),
    ({"quarter": 1}, True, True),
    ({"quarter": 2}, True, True),
    ({"month": 2}, True, True),
    ({"product": "p1"}, True, True),
    ({"product": "p2"}, True, True),
    ({"region": "r1"}, True, True),
    ({"product": "p1", "region": "r2"}, True, True),
    ({"manager": "m1"}, True, True),
    ({"manager": "m2", "quarter": 2}, True, True),
    ({"event_type": "board", "region": "r1"}, True, True),
    ({"event_type": "school"}, True, True),
    ({"therapeutic_area": "ta1"}, True, True),
    ({"product": "p1", "manager": "m1"}, True, False),
    ({"month": 2, "product": "p2"}, True, True),
    ({"manager": "m1", "event_type": "school"}, False, False),
    ({"expert": "x1"}, False, False),
]


def _spec_filters(dataset, spec) -> Filters:
    values = {k: getattr(dataset, v).pk if isinstance(v, str) else v for k, v in spec.items()}
    return Filters(year=2026, **values)


@pytest.mark.parametrize(("spec", "cells", "counts"), CELL_SPECS, ids=lambda s: str(s))
def test_the_monthly_cells_give_the_figures_of_the_events(dataset, spec, cells, counts):
    """Every figure, month, region and product row read from the monthly cells and the experts
    counts equals the same figure summed over the per-event table and counted live."""
    filters = _spec_filters(dataset, spec)
    assert (selectors.cells_filtered(filters) is not None) is cells
    assert (_speaker_dim(filters) is not None) is counts
    grid, events_grid = selectors.facts_grid(filters), selectors.facts_grid(filters, cells=False)
    assert selectors.fact_summary(filters, grid) == selectors.fact_summary(
        filters, events_grid, cells=False
    )
    for key in ("month", "region_id"):
        assert selectors.rollup(grid, key) == selectors.rollup(events_grid, key)
    assert selectors.cost_by_product(filters) == selectors.cost_by_product(filters, cells=False)


def test_the_monthly_cells_hold_the_hand_counted_figures(dataset):
    """Read straight from the cells (not through the per-event table): 2026, region R1."""
    from analytics.models import FactCell

    cells = FactCell.objects.filter(year=2026, region_id=dataset.r1.pk, dim="", by_product=False)
    assert (
        sum(c.held for c in cells)
        == selectors.fact_summary(Filters(year=2026, region=dataset.r1.pk), cells=False)["held"]
    )
    assert sum(c.total_cost for c in cells) == D("85000.00")


PERIODS = [{}, *({"quarter": q} for q in range(1, 5)), *({"month": m} for m in range(1, 13))]


@pytest.mark.parametrize("dim", [None, "event_type", "therapeutic_area"])
def test_the_product_cells_give_the_cost_by_product_of_every_period(dataset, dim):
    """Read from the per-period product cells (a product's row instead of its monthly regional
    cells), the cost by product of every year, quarter and month equals the per-event sums."""
    from analytics.models import ProductCell
    from analytics.selectors.facts import _product_cells

    assert ProductCell.objects.exists()
    value = {"event_type": dataset.school.pk, "therapeutic_area": dataset.ta1.pk}.get(dim)
    for period in PERIODS:
        filters = Filters(year=2026, **period, **({dim: value} if dim else {}))
        assert _product_cells(filters) is not None
        assert selectors.cost_by_product(filters) == selectors.cost_by_product(filters, cells=False)
    assert _product_cells(Filters(year=2026, region=dataset.r1.pk)) is None


def test_product_costs_are_costliest_first(dataset):
    rows = selectors.named(selectors.product_costs(Filters(year=2026)))
    assert [(r["name"], r["cost"]) for r in rows] == [
        ("Кардиомакс", D("100000.00")), ("Нейролин", D("15000.00")), (None, D("0.00"))
    ]  # fmt: skip


@pytest.mark.parametrize(
    "filters",
    [Filters(year=2026), Filters(year=2026, quarter=1), Filters(year=2026, month=3)],
    ids=str,
)
def test_the_top_products_are_the_first_of_all(dataset, filters):
    """The dashboard's costliest products (sorted and counted by the database from the product
    cells) are the first rows of the full list, and their number its length."""
    rows = selectors.product_costs(filters)
    for limit in (1, 2, 10):
        assert selectors.top_product_costs(filters, limit) == (rows[:limit], len(rows))


@pytest.mark.parametrize(("spec", "cells", "counts"), CELL_SPECS, ids=lambda s: str(s))
def test_the_roi_campaign_from_the_cells_equals_the_events(dataset, spec, cells, counts):
    """The ROI campaign (events held, cost, participants, regions, products, sales before and
    after) and the participants by specialty are the same from the cells and from the events."""
    from analytics import roi

    filters = _spec_filters(dataset, spec)
    assert (selectors.specialty_cells(filters) is not None) is (
        cells and "product" not in spec and "manager" not in spec
    )
    assert roi.campaign_roi(filters) == roi.campaign_roi(filters, cells=False)
    assert roi.participants_by_specialty(filters) == roi.participants_by_specialty(
        filters, cells=False
    )
    held = selectors.facts_filtered(filters).filter(status__in=["held", "closing", "closed"])
    summary = selectors.summarize(held)
    campaign = selectors.held_summary(filters)
    for key in ("total_cost", "participants", "target_participants", "cost_per_participant",
                "cost_per_target_participant", "feedback_score"):  # fmt: skip
        assert campaign[key] == summary[key], key
    assert campaign["held"] == held.count()


def test_the_roi_campaign_of_the_year_by_hand(dataset):
    """E1 and E2 held in 2026: regions R1 R2, products P1 P2; attended Кардиология x3,
    Неврология x1, one without a specialty."""
    from analytics import roi

    campaign = roi.campaign_roi(Filters(year=2026))
    assert campaign["held"] == 2 and campaign["participants"] == 5
    assert selectors.held_regions(Filters(year=2026)) == {dataset.r1.pk, dataset.r2.pk}
    assert selectors.held_products(Filters(year=2026)) == {dataset.p1.pk, dataset.p2.pk}
    rows = roi.participants_by_specialty(Filters(year=2026))
    assert rows[0] == {"specialty": "Кардиология", "n": 3} and sum(r["n"] for r in rows) == 5


@pytest.mark.parametrize("dim", [None, "product", "manager", "event_type", "therapeutic_area"])
def test_the_experts_counts_equal_the_live_count_of_every_period_and_region(dataset, dim):
    """The stored experts count of every year, quarter and month, all regions and each region,
    all events and one dimension value, equals the distinct speakers counted live."""
    value = {"product": dataset.p1.pk, "manager": dataset.m1.pk, "event_type": dataset.school.pk,
             "therapeutic_area": dataset.ta1.pk}.get(dim)  # fmt: skip
    counted = 0
    for year in (2025, 2026):
        for period in PERIODS:
            for region in (None, dataset.r1.pk, dataset.r2.pk):
                filters = Filters(
                    year=year, region=region, **period, **({dim: value} if dim else {})
                )
                assert _speaker_dim(filters) is not None
                live = selectors.experts_count(filters, cells=False)
                assert selectors.experts_count(filters) == live, filters
                counted += live
    assert counted  # the data set has speakers under this filter
