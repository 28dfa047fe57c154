"""Reads of plan and fact for the dashboard, drill-downs, exports and the BI API.

Pure query functions taking a `Filters`; aggregates run in SQL over the summary tables refreshed
together from the view analytics_bi_event_facts: the monthly cells (analytics.FactCell) and the
experts counts (analytics.SpeakerCount) where the filters allow, else the per-event table
(analytics.EventFact). Drill-down lists always read the per-event table; both levels hold the
same refresh, so a list sums to the figure clicked."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Sum, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from analytics.filters import Filters
from analytics.metrics import METRICS, S, money, nps, percent_done, ratio
from analytics.models import (
    DataImport,
    EventFact,
    FactCell,
    FactsRefresh,
    KpiTarget,
    PayoutFact,
    Plan,
    SpeakerCount,
)
from events.models import ProgramItem
from experts.models import Expert
from kolplatform.core.models import Product
from payments.models import Payout

ZERO = Decimal("0")
PLAN_FIELDS = ("events", "participants", "experts", "budget")
# Dimensions of the monthly cells besides month, region and product: (filter, EventFact column).
CELL_DIMS = [
    ("manager", "owner_id"),
    ("event_type", "event_type_id"),
    ("therapeutic_area", "therapeutic_area_id"),
]


# --- fact ---------------------------------------------------------------------------------------


def facts_filtered(filters: Filters, *, with_period: bool = True):
    qs = EventFact.objects.all()
    if with_period:
        start, end = filters.bounds()
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    for name, column in (
        ("region", "region_id"),
        ("therapeutic_area", "therapeutic_area_id"),
        ("manager", "owner_id"),
        ("event_type", "event_type_id"),
    ):
        if getattr(filters, name):
            qs = qs.filter(**{column: getattr(filters, name)})
    if filters.product:
        qs = qs.filter(product_links__product_id=filters.product)
    if filters.expert:
        speaking = ProgramItem.objects.filter(speaker_id=filters.expert).values("event_id")
        qs = qs.filter(event_id__in=speaking)
    return qs


def _aggregates() -> dict:
    aggs = {}
    for metric in METRICS.values():
        if metric.column is None:
            aggs[metric.key] = Count("event_id", filter=metric.where)
        else:
            aggs[metric.key] = Sum(metric.column, filter=metric.where, default=0)
    for column in ("rating_sum", "rating_count", "nps_promoters", "nps_detractors", "nps_count"):
        aggs[column] = Sum(column, default=0)
    return aggs


def _with_ratios(row: dict) -> dict:
    for metric in METRICS.values():
        if metric.money:
            row[metric.key] = money(row[metric.key])
    row["cost_per_participant"] = ratio(row["total_cost"], row["participants"])
    row["cost_per_target_participant"] = ratio(row["total_cost"], row["target_participants"])
    row["feedback_score"] = ratio(row["rating_sum"], row["rating_count"])
    row["nps"] = nps(row["nps_promoters"], row["nps_detractors"], row["nps_count"])
    return row


def summarize(facts) -> dict:
    """Every per-event figure summed over a queryset of EventFact, with the ratios."""
    return _with_ratios(facts.aggregate(**_aggregates()))


def cell_aggregates() -> dict:
    """What a FactCell row holds, as aggregates over EventFact (see FactCell)."""
    return {"events": Count("event_id"), **_aggregates()}


def cost_share_sum(by_product: bool):
    return Sum(product_share() if by_product else F("total_cost"), default=0)


def _cell_dim(filters: Filters) -> tuple[str, int | None] | None:
    """The FactCell dimension answering the filters ("" = none), or None when the cells cannot
    answer (a KOL filter, or more than one of manager / event type / therapeutic area)."""
    if filters.expert:
        return None
    chosen = [(name, getattr(filters, name)) for name, _ in CELL_DIMS if getattr(filters, name)]
    if len(chosen) > 1:
        return None
    return chosen[0] if chosen else ("", None)


def cells_filtered(filters: Filters, *, by_product: bool = False):
    """The monthly cells of the filtered events, or None when the per-event table must be used.
    With `by_product` the cells per product (an event counts under each of its products)."""
    dim = _cell_dim(filters)
    if dim is None:
        return None
    qs = FactCell.objects.filter(
        dim=dim[0],
        dim_value=dim[1],
        by_product=by_product or bool(filters.product),
        year=filters.year,
        month__in=filters.months(),
    )
    if filters.product:
        qs = qs.filter(product_id=filters.product)
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    return qs


def facts_grid(filters: Filters, *, cells: bool = True) -> list[dict]:
    """The sums of the filtered events by (month number, region): one scan from which the
    dashboard's totals, months and regions are all rolled up. From the monthly cells when they
    can answer (`cells=False` forces the per-event table), else from the per-event table."""
    cell_qs = cells_filtered(filters) if cells else None
    if cell_qs is not None:
        sums = {name: Sum(name, default=0) for name in _aggregates()}
        return list(cell_qs.values("month", "region_id").annotate(**sums).order_by())
    rows = list(
        facts_filtered(filters)
        .annotate(month=TruncMonth("starts_at"))
        .values("month", "region_id")
        .annotate(**_aggregates())
        .order_by()
    )
    for row in rows:
        row["month"] = row["month"].month
    return rows


def rollup(grid: list[dict], key: str | None) -> dict:
    """Sum grid cells by `key` ("month", "region_id"; None: one total under None)."""
    names = list(_aggregates())
    groups: dict = defaultdict(lambda: dict.fromkeys(names, 0))
    if key is None:
        groups[None]  # the total exists even when there are no events
    for cell in grid:
        k = None if key is None else cell[key]
        for name in names:
            groups[k][name] += cell[name] or 0
    return {k: _with_ratios(dict(v)) for k, v in groups.items()}


def fact_summary(filters: Filters, grid: list[dict] | None = None, *, cells: bool = True) -> dict:
    """Every fact figure of the filtered events (two queries)."""
    if grid is None:
        grid = facts_grid(filters, cells=cells)
    row = rollup(grid, None)[None]
    row["experts"] = experts_count(filters, cells=cells)
    return row


def _speaker_dim(filters: Filters) -> tuple[str, int | None] | None:
    """The SpeakerCount dimension answering the filters, or None (see _cell_dim)."""
    if filters.expert:
        return None
    names = ["product", *(name for name, _ in CELL_DIMS)]
    chosen = [(name, getattr(filters, name)) for name in names if getattr(filters, name)]
    if len(chosen) > 1:
        return None
    return chosen[0] if chosen else ("", None)


def experts_count(filters: Filters, *, cells: bool = True) -> int:
    """Distinct speakers of the filtered events that were not cancelled: the stored count for
    the filters when there is one (`cells=False` forces the live count)."""
    dim = _speaker_dim(filters) if cells else None
    if dim is None:
        return _speaker_items(filters).aggregate(n=Count("speaker_id", distinct=True))["n"]
    row = SpeakerCount.objects.filter(
        dim=dim[0],
        dim_value=dim[1],
        year=filters.year,
        quarter=None if filters.month else filters.quarter,
        month=filters.month,
        all_regions=not filters.region,
        region_id=filters.region,
    ).first()
    return row.experts if row else 0


def _speaker_items(filters: Filters):
    events = facts_filtered(filters).exclude(status=S.CANCELLED).values("event_id")
    return ProgramItem.objects.filter(event_id__in=events, speaker_id__isnull=False)


def experts_engaged(filters: Filters):
    """Distinct speakers of the filtered events that were not cancelled."""
    return Expert.objects.filter(pk__in=_speaker_items(filters).values("speaker_id"))


def facts_by_month(filters: Filters, grid: list[dict] | None = None) -> dict:
    """Events held, participants and total cost per calendar month of the period."""
    return rollup(facts_grid(filters) if grid is None else grid, "month")


def facts_by(filters: Filters, column: str, grid: list[dict] | None = None) -> dict:
    """Fact figures grouped by an event dimension column (region_id, owner_id, ...)."""
    if column == "region_id":
        return rollup(facts_grid(filters) if grid is None else grid, column)
    rows = facts_filtered(filters).values(column).annotate(**_aggregates()).order_by(column)
    return {row.pop(column): _with_ratios(row) for row in rows}


def product_share():
    """A multi-product event's cost is split equally between its products."""
    return Case(
        When(n_products=0, then=F("total_cost")),
        default=F("total_cost") / F("n_products"),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def cost_by_product(filters: Filters, *, cells: bool = True) -> list[dict]:
    """Total cost per product (equal split of multi-product events) and events per product;
    product None = events without a product. From the monthly cells when they can answer."""
    cell_qs = cells_filtered(filters, by_product=True) if cells else None
    if cell_qs is not None:
        rows = list(
            cell_qs.values("product_id")
            .annotate(cost=Sum("cost_share", default=0), events=Sum("events"))
            .order_by()
        )
        names = dict(
            Product.objects.filter(pk__in=[r["product_id"] for r in rows]).values_list("pk", "name")
        )
        for row in rows:
            row["name"] = names.get(row["product_id"])
    else:
        rows = list(
            facts_filtered(filters)
            .values(
                product_id=F("product_links__product_id"), name=F("product_links__product__name")
            )
            .annotate(cost=Sum(product_share(), default=0), events=Count("event_id"))
            .order_by()
        )
    rows.sort(key=lambda r: (r["name"] is None, r["name"] or ""))
    return [{**row, "cost": money(row["cost"])} for row in rows]


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


def kpi_cards(filters: Filters, grid: list[dict] | None = None) -> list[dict]:
    """The main cards: plan, fact, % done; plus fact-only figures."""
    fact = fact_summary(filters, grid)
    plan = plan_summary(filters)

    def card(key, label, fact_value, plan_key=None, metric=None, money_=False):
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


# --- drill-down ---------------------------------------------------------------------------------


def drill_events(filters: Filters, metric_key: str, *, product_share_of: int | None = None):
    """The events behind a figure; `value` is what each contributes (the list sums to it)."""
    metric = METRICS[metric_key]
    qs = facts_filtered(filters).filter(metric.where)
    if product_share_of is not None:
        qs = qs.filter(product_links__product_id=product_share_of).annotate(value=product_share())
    elif metric.column:
        qs = qs.annotate(value=F(metric.column))
    return qs.select_related(
        "event", "event__event_type", "event__region", "event__owner"
    ).order_by("starts_at", "event_id")


def drill_payouts(filters: Filters, *, paid_only: bool = True):
    """The payouts behind "payouts made" (paid) or the fees in the total cost (not cancelled)."""
    events = facts_filtered(filters).values("event_id")
    qs = PayoutFact.objects.filter(event_id__in=events)
    qs = (
        qs.filter(status=Payout.Status.PAID)
        if paid_only
        else qs.exclude(status=Payout.Status.CANCELLED)
    )
    return qs.select_related("expert", "event__event").order_by("paid_at", "payout_id")


# --- KPI, KOL, refresh --------------------------------------------------------------------------


def kpi_for_manager(*, manager, year: int) -> dict:
    """A manager's KPI targets for a year against the fact of the events they own."""
    target = KpiTarget.objects.filter(manager=manager, year=year).first()
    fact = fact_summary(Filters(year=year, manager=manager.pk))
    rows = [
        ("events_held", _("Events held"), fact["held"], target and target.events_held, True),
        (
            "participants",
            _("Participants"),
            fact["participants"],
            target and target.participants,
            True,
        ),
        (
            "cost_per_participant",
            _("Cost per participant, at most"),
            fact["cost_per_participant"],
            target and target.cost_per_participant,
            False,
        ),
        (
            "feedback_score",
            _("Feedback score, at least"),
            fact["feedback_score"],
            target and target.feedback_score,
            True,
        ),
    ]
    return {
        "target": target,
        "rows": [
            {
                "key": key,
                "label": label,
                "fact": value,
                "target": goal,
                "percent": percent_done(value, goal) if higher_is_better else None,
                "met": kpi_met(value, goal, higher_is_better=higher_is_better),
            }
            for key, label, value, goal, higher_is_better in rows
        ],
    }


def kpi_met(fact, target, *, higher_is_better: bool) -> bool | None:
    """A KPI is met when the fact reaches the target (or, for costs, stays at or below it)."""
    if target is None or fact is None:
        return None
    return fact >= target if higher_is_better else fact <= target


def kol_engagements(expert: Expert):
    return (
        ProgramItem.objects.filter(speaker=expert)
        .select_related("event", "event__event_type", "event__region")
        .order_by("-event__starts_at", "-id")
    )


def kol_payouts(expert: Expert):
    return (
        PayoutFact.objects.filter(expert=expert)
        .select_related("event__event")
        .order_by("-due_date", "-payout_id")
    )


def kol_ratings_by_month(expert: Expert) -> list[dict]:
    """Average rating (1-5) of the expert as a speaker, per month of the event."""
    from feedback.models import Answer, Question

    rows = (
        Answer.objects.filter(
            speaker=expert, question__kind=Question.Kind.RATING, value_int__isnull=False
        )
        .annotate(month=TruncMonth("response__survey__event__starts_at"))
        .values("month")
        .annotate(total=Sum("value_int"), answers=Count("id"))
        .order_by("month")
    )
    return [
        {"month": r["month"], "score": ratio(r["total"], r["answers"]), "answers": r["answers"]}
        for r in rows
    ]


def data_as_of():
    latest = FactsRefresh.objects.filter(finished_at__isnull=False).first()
    return latest.finished_at if latest else None


# --- imports ------------------------------------------------------------------------------------


def data_import_get_for_user(*, user, pk: int) -> DataImport:
    """An upload of plans or sales for `user` or 404 (another manager's upload is not revealed)."""
    data_import = get_object_or_404(DataImport, pk=pk)
    if not user.has_perm("analytics.view_dataimport", data_import):
        raise Http404
    return data_import
