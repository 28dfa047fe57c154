"""Filters combine (AND) correctly, and every drill-down list sums to the figure clicked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from analytics import selectors
from analytics.filters import Filters
from analytics.metrics import METRICS

pytestmark = pytest.mark.django_db

TITLES = {
    # filters (besides year 2026) -> titles of the events that are not cancelled
    (): {"E1", "E2", "E3", "E5"},
    (("product", "p1"),): {"E1", "E2"},
    (("product", "p1"), ("region", "r1")): {"E1"},
    (("product", "p1"), ("region", "r2")): {"E2"},
    (("product", "p2"), ("region", "r1"), ("manager", "m2")): {"E3"},
    (("manager", "m2"),): {"E3", "E5"},
    (("event_type", "board"),): {"E3"},
    (("therapeutic_area", "ta1"),): {"E1"},
    (("expert", "x1"),): {"E1", "E2"},
    (("expert", "x2"), ("region", "r1")): set(),
    (("quarter", 2),): {"E3", "E5"},
    (("month", 2), ("product", "p2")): {"E2"},
}


def _filters(dataset, spec) -> Filters:
    values = {k: (getattr(dataset, v).pk if isinstance(v, str) else v) for k, v in spec}
    return Filters(year=2026, **values)


@pytest.mark.parametrize("spec", list(TITLES), ids=lambda s: "-".join(k for k, _ in s) or "none")
def test_filters_combine(dataset, spec):
    filters = _filters(dataset, spec)
    rows = selectors.drill_events(filters, "planned")
    assert {r.event.title for r in rows} == TITLES[spec]
    assert selectors.fact_summary(filters)["planned"] == len(TITLES[spec])


@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize("spec", list(TITLES)[:6], ids=lambda s: "-".join(k for k, _ in s) or "x")
def test_drilldown_list_sums_to_the_figure(dataset, metric, spec):
    filters = _filters(dataset, spec)
    figure = selectors.fact_summary(filters)[metric]
    rows = list(selectors.drill_events(filters, metric))
    total = sum((getattr(r, "value", 1) for r in rows), 0)
    assert total == figure


def test_payouts_drilldown_sums_to_payouts_made(dataset):
    filters = Filters(year=2026)
    payouts = list(selectors.drill_payouts(filters))
    assert [p.payout_id for p in payouts] == [dataset.paid.pk]
    assert sum(p.gross for p in payouts) == selectors.fact_summary(filters)["fees_paid"]


def test_experts_drilldown_counts_the_experts_engaged(dataset):
    filters = Filters(year=2026, region=dataset.r2.pk)
    assert set(selectors.experts_engaged(filters)) == {dataset.x1, dataset.x2}
    assert selectors.fact_summary(filters)["experts"] == 2


def test_product_share_drilldown_sums_to_the_product_cost(dataset):
    filters = Filters(year=2026)
    rows = list(selectors.drill_events(filters, "total_cost", product_share_of=dataset.p2.pk))
    assert sum(r.value for r in rows) == Decimal("15000.00")


@pytest.mark.parametrize("key", ["held", "participants", "budget_actual", "fees_paid", "experts"])
def test_clicking_a_card_lands_on_a_list_whose_total_is_the_figure(client, dataset, key):
    client.force_login(dataset.m1)
    params = {"year": 2026, "product": dataset.p1.pk, "region": dataset.r1.pk}
    page = client.get(reverse("analytics:dashboard"), params)
    card = next(c for c in page.context["cards"] if c["key"] == key)
    drill = client.get(card["url"])
    assert drill.status_code == 200
    assert drill.context["total"] == card["fact"]
    if key == "budget_actual":
        assert card["fact"] == Decimal("95000.00")  # E1 50 000 + 40 000, E4 5 000


def test_region_table_links_drill_to_that_region(client, dataset):
    client.force_login(dataset.m1)
    page = client.get(reverse("analytics:dashboard"), {"year": 2026})
    table = page.context["tables"]["regions"]
    row = next(i for i, r in enumerate(table.rows) if r["region"] == "Казань")
    drill = client.get(table.links[(row, "participants")])
    assert drill.context["total"] == table.rows[row]["participants"] == 2
