"""Plan figures (by month, rounded cumulatively) and the dashboard's KPI cards of plan against
fact."""

from collections import defaultdict
from decimal import Decimal
from functools import partial

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from analytics.filters import Filters
from analytics.metrics import METRICS, money, percent_done, ratio
from analytics.models import (
    Plan,
)
from analytics.selectors.facts import (
    PLAN_FIELDS,
    ZERO,
    fact_summary,
)

# --- plan ---------------------------------------------------------------------------------------


def plan_rows(filters: Filters):
    qs = Plan.objects.filter(year=filters.year)
    if filters.product:
        qs = qs.filter(product_id=filters.product)
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    if filters.therapeutic_area:
        qs = qs.filter(product__therapeutic_area_id=filters.therapeutic_area)
    if filters.manager:
        qs = qs.filter(manager_id=filters.manager)
    if filters.event_type:
        qs = qs.filter(event_type_id=filters.event_type)
    return qs


def plan_month_share(quarter: int | None, month: int) -> Decimal:
    """Part of a plan row that falls in a calendar month: an annual row spreads evenly over 12
    months, a quarterly row over its 3 months."""
    if quarter is None:
        return Decimal(1) / 12
    return Decimal(1) / 3 if (month - 1) // 3 + 1 == quarter else ZERO


def plan_by(filters: Filters, column: str | None = None) -> dict:
    """Plan figures of the period, pro-rated by month, grouped by `column` ("month" or a plan
    dimension such as "region_id"; None: one total under the key None). None when the KOL filter
    is set: plans have no KOL dimension."""
    if filters.expert:
        return {}
    group = ["quarter"] + ([column] if column not in (None, "month") else [])
    sums = {name: Sum(name, default=0) for name in PLAN_FIELDS}
    totals: dict = defaultdict(lambda: dict.fromkeys(PLAN_FIELDS, ZERO))
    # Summed in SQL per quarter (and column) first: thousands of plan rows become a few dozen.
    for row in plan_rows(filters).values(*group).annotate(**sums).order_by():
        for month in filters.months():
            share = plan_month_share(row["quarter"], month)
            if not share:
                continue
            key = month if column == "month" else row.get(column)
            for name in PLAN_FIELDS:
                totals[key][name] += Decimal(row[name]) * share
    if column == "month":
        return _round_cumulatively(totals)
    return {key: _round_plan(value) for key, value in totals.items()}


def _round_cumulatively(by_month: dict) -> dict:
    """Round month figures so that they add up to the rounded period total (each month gets
    round(running total) - round(previous running total))."""
    result, running, previous = {}, dict.fromkeys(PLAN_FIELDS, ZERO), None
    for month in sorted(by_month):
        for name in PLAN_FIELDS:
            running[name] += by_month[month][name]
        current = _round_plan(running)
        result[month] = {
            name: current[name] - (previous[name] if previous else ZERO) for name in PLAN_FIELDS
        }
        previous = current
    return result


def _round_plan(value: dict) -> dict:
    rounded = {name: ratio(value[name], 1, "0.1") for name in ("events", "participants", "experts")}
    rounded["budget"] = money(value["budget"])
    return rounded


def plan_summary(filters: Filters) -> dict | None:
    return plan_by(filters).get(None) or (
        None if filters.expert else dict.fromkeys(PLAN_FIELDS, ZERO)
    )


def _card(plan, key, label, fact_value, plan_key=None, metric=None, money_=False) -> dict:
    """One KPI card: the fact, the plan named by `plan_key` (when a plan exists) and % done."""
    plan_value = plan[plan_key] if plan and plan_key else None
    return {
        "key": key,
        "label": label,
        "fact": fact_value,
        "plan": plan_value,
        "percent": percent_done(fact_value, plan_value) if plan_key else None,
        "metric": metric,
        "money": money_,
        "kind": "money" if money_ else "decimal",
    }


def kpi_cards(filters: Filters, grid: list[dict] | None = None) -> list[dict]:
    """The main cards: plan, fact, % done; plus fact-only figures."""
    fact = fact_summary(filters, grid)
    card = partial(_card, plan_summary(filters))
    return [*_plan_cards(fact, card), *_fact_cards(fact, card)]


def _plan_cards(fact: dict, card) -> list[dict]:
    """The cards with a plan figure to compare against."""
    m = METRICS
    return [
        card("held", m["held"].label, fact["held"], "events", "held"),
        card(
            "participants",
            m["participants"].label,
            fact["participants"],
            "participants",
            "participants",
        ),
        card("experts", _("Experts engaged"), fact["experts"], "experts", "experts"),
        card(
            "total_cost",
            _("Total cost vs budget"),
            fact["total_cost"],
            "budget",
            "total_cost",
            True,
        ),
    ]


def _fact_cards(fact: dict, card) -> list[dict]:
    """The fact-only figures."""
    m = METRICS
    return [
        card("planned", m["planned"].label, fact["planned"], metric="planned"),
        card("approved", m["approved"].label, fact["approved"], metric="approved"),
        card("cancelled", m["cancelled"].label, fact["cancelled"], metric="cancelled"),
        card(
            "approved_total",
            m["approved_total"].label,
            fact["approved_total"],
            metric="approved_total",
            money_=True,
        ),
        card(
            "budget_final",
            m["budget_final"].label,
            fact["budget_final"],
            metric="budget_final",
            money_=True,
        ),
        card(
            "budget_actual",
            m["budget_actual"].label,
            fact["budget_actual"],
            metric="budget_actual",
            money_=True,
        ),
        card("fees_paid", m["fees_paid"].label, fact["fees_paid"], metric="fees_paid", money_=True),
        card(
            "cost_per_participant",
            _("Cost per participant"),
            fact["cost_per_participant"],
            metric="total_cost",
            money_=True,
        ),
        card("feedback_score", _("Feedback score (1-5)"), fact["feedback_score"]),
        card("nps", _("NPS"), fact["nps"]),
    ]
