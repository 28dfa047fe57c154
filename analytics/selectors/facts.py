"""Fact figures: the filtered per-event facts or monthly cells, their sums, rollups by month and
column, experts counts and the cost by product."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, When
from django.db.models.functions import TruncMonth

from analytics.filters import Filters
from analytics.metrics import HELD_OR_LATER, METRICS, S, money, nps, ratio
from analytics.models import (
    EventFact,
    EventProductLink,
    FactCell,
    ProductCell,
    SpeakerCount,
    SpecialtyCell,
)
from events.models import ProgramItem
from experts.models import Expert
from kolplatform.core.models import Product

ZERO = Decimal("0")
PLAN_FIELDS = ("events", "participants", "experts", "budget")
# Dimensions of the monthly cells besides month, region and product: (filter, EventFact column).
CELL_DIMS = [
    ("manager", "owner_id"),
    ("event_type", "event_type_id"),
    ("therapeutic_area", "therapeutic_area_id"),
]
# Dimensions of the per-period product cells and of the specialty cells (broad filters).
PRODUCT_CELL_DIMS = ("", "event_type", "therapeutic_area")
HELD = Q(status__in=HELD_OR_LATER)
# FactCell column: the EventFact column it sums over the events held (or later).
HELD_SUMS = {
    "held_participants": "participants",
    "held_target_participants": "target_participants",
    "held_total_cost": "total_cost",
    "held_rating_sum": "rating_sum",
    "held_rating_count": "rating_count",
}


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
    """What a FactCell row holds, as aggregates over EventFact (see FactCell). The sums over
    the events held come first: they read columns that the others then name."""
    held = {cell: Sum(column, filter=HELD, default=0) for cell, column in HELD_SUMS.items()}
    return {**held, "events": Count("event_id"), **_aggregates()}


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


def _product_cells(filters: Filters):
    """The per-period product cells answering the filters, or None (see ProductCell)."""
    dim = _cell_dim(filters)
    if dim is None or dim[0] not in PRODUCT_CELL_DIMS or filters.region or filters.product:
        return None
    return ProductCell.objects.filter(
        dim=dim[0],
        dim_value=dim[1],
        year=filters.year,
        quarter=None if filters.month else filters.quarter,
        month=filters.month,
    )


def product_costs(filters: Filters, *, cells: bool = True) -> list[dict]:
    """Total cost per product (equal split of multi-product events) and events per product,
    costliest first (then by product id; product None = events without a product, last among
    equals); named only on the per-event path (see `named`). From the per-period product cells
    or the monthly cells when they can answer, else from the per-event table."""
    product_qs = _product_cells(filters) if cells else None
    cell_qs = cells_filtered(filters, by_product=True) if cells and product_qs is None else None
    if product_qs is not None:
        rows = list(product_qs.values("product_id", "events", cost=F("cost_share")))
    elif cell_qs is not None:
        rows = list(
            cell_qs.values("product_id")
            .annotate(cost=Sum("cost_share", default=0), events=Sum("events"))
            .order_by()
        )
    else:
        rows = list(
            facts_filtered(filters)
            .values(
                product_id=F("product_links__product_id"), name=F("product_links__product__name")
            )
            .annotate(cost=Sum(product_share(), default=0), events=Count("event_id"))
            .order_by()
        )
    rows = [{**row, "cost": money(row["cost"])} for row in rows]
    rows.sort(key=lambda r: (-r["cost"], r["product_id"] is None, r["product_id"] or 0))
    return rows


def top_product_costs(filters: Filters, limit: int) -> tuple[list[dict], int]:
    """The `limit` costliest rows of `product_costs` and the number of rows. From the product
    cells the database sorts and counts (the dashboard shows ten of 2,000 products: building
    and sorting all of them cost more than the page's queries); other filters as
    product_costs."""
    product_qs = _product_cells(filters)
    if product_qs is None:
        rows = product_costs(filters)
        return rows[:limit], len(rows)
    ordered = product_qs.order_by(F("cost_share").desc(), F("product_id").asc(nulls_last=True))
    rows = ordered.values("product_id", "events", cost=F("cost_share"))[:limit]
    return [{**row, "cost": money(row["cost"])} for row in rows], product_qs.count()


def named(rows: list[dict]) -> list[dict]:
    """The rows of `product_costs` with the product's name (one query when some lack it)."""
    missing = [r["product_id"] for r in rows if "name" not in r and r["product_id"]]
    names = (
        dict(Product.objects.filter(pk__in=missing).values_list("pk", "name")) if missing else {}
    )
    return [{**r, "name": r["name"] if "name" in r else names.get(r["product_id"])} for r in rows]


def cost_by_product(filters: Filters, *, cells: bool = True) -> list[dict]:
    """Every row of `product_costs`, named, by product name (no product last)."""
    rows = named(product_costs(filters, cells=cells))
    rows.sort(key=lambda r: (r["name"] is None, r["name"] or ""))
    return rows


# --- the events held (ROI) ----------------------------------------------------------------------


def held_summary(filters: Filters, *, cells: bool = True) -> dict:
    """The events held (or later) of the filters: how many, their total cost, participants,
    target-segment participants, the costs per (target) participant and the feedback score.
    From the monthly cells when they can answer (`cells=False` forces the per-event table)."""
    cell_qs = cells_filtered(filters) if cells else None
    if cell_qs is not None:
        row = cell_qs.aggregate(
            held=Sum("held", default=0),
            **{column: Sum(cell, default=0) for cell, column in HELD_SUMS.items()},
        )
    else:
        row = (
            facts_filtered(filters)
            .filter(HELD)
            .aggregate(
                held=Count("event_id"),
                **{column: Sum(column, default=0) for column in HELD_SUMS.values()},
            )
        )
    row["total_cost"] = money(row["total_cost"])
    row["cost_per_participant"] = ratio(row["total_cost"], row["participants"])
    row["cost_per_target_participant"] = ratio(row["total_cost"], row["target_participants"])
    row["feedback_score"] = ratio(row["rating_sum"], row["rating_count"])
    return row


def specialty_cells(filters: Filters):
    """The specialty cells of the filtered events, or None when the participants must be counted
    live (see SpecialtyCell)."""
    dim = _cell_dim(filters)
    if dim is None or dim[0] not in PRODUCT_CELL_DIMS or filters.product:
        return None
    qs = SpecialtyCell.objects.filter(
        dim=dim[0], dim_value=dim[1], year=filters.year, month__in=filters.months()
    )
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    return qs


def held_regions(filters: Filters, *, cells: bool = True) -> set:
    """The regions of the events held (or later) of the filters."""
    cell_qs = cells_filtered(filters) if cells else None
    qs = cell_qs.filter(held__gt=0) if cell_qs is not None else facts_filtered(filters).filter(HELD)
    return set(qs.exclude(region_id=None).values_list("region_id", flat=True).distinct())


def held_products(filters: Filters, *, cells: bool = True) -> set:
    """The products of the events held (or later) of the filters (only the filter's product
    when there is one)."""
    if cells:
        qs = _product_cells(filters)
        if qs is None:
            qs = cells_filtered(filters, by_product=True)
        if qs is not None:
            qs = qs.filter(held__gt=0).exclude(product_id=None)
            return set(qs.values_list("product_id", flat=True).distinct())
    events = facts_filtered(filters).filter(HELD).values("event_id")
    links = EventProductLink.objects.filter(event__in=events)
    if filters.product:
        links = links.filter(product_id=filters.product)
    return set(links.values_list("product_id", flat=True).distinct())
