"""Field work on the dashboard and in the BI feed: visits planned against made, target-list
coverage, points and the review backlog for the period and dimensions of the filters (region of
the institution, product discussed, the reps' manager).

The summary reads the monthly field cells (analytics.FieldCell) refreshed with the event facts;
the same figures are computed live from the visits and targets when the cells cannot answer
(a product and a manager together) or when asked (`cells=False`: tests, the refresh's checks)."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from analytics.models import FieldCell
from field.models import GeoStatus, PlanTarget, Visit

MADE = Q(status=Visit.Status.SUBMITTED) & ~Q(review=Visit.Review.REJECTED)
VISIT_FIGURES = ("made", "verified", "points", "to_review")
TARGET_FIGURES = ("planned", "targets", "covered")
# (FieldCell.dim, the column of a visit / of a target giving its value)
VISIT_DIMS = [("manager", "rep__field_rep__manager_id"), ("product", "products__id")]
TARGET_DIMS = [("manager", "plan__rep__field_rep__manager_id")]


def field_visits(filters):
    """The visits scheduled in the period, narrowed by the filters' dimensions."""
    qs = Visit.objects.filter(scheduled_on__range=(filters.first_day(), filters.last_day()))
    if filters.region:
        qs = qs.filter(institution__region_id=filters.region)
    if filters.product:
        qs = qs.filter(products=filters.product)
    if filters.manager:
        qs = qs.filter(rep__field_rep__manager_id=filters.manager)
    return qs


def field_targets(filters):
    """Targets of the plans that start in the period."""
    qs = PlanTarget.objects.filter(plan__starts_on__range=(filters.first_day(), filters.last_day()))
    if filters.region:
        qs = qs.filter(institution__region_id=filters.region)
    if filters.manager:
        qs = qs.filter(plan__rep__field_rep__manager_id=filters.manager)
    return qs


def visit_sums() -> dict:
    """The visit figures as aggregates over Visit (what a FieldCell holds of them)."""
    return {
        "made": Count("pk", filter=MADE),
        "verified": Count("pk", filter=MADE & Q(geo_status=GeoStatus.VERIFIED)),
        "points": Sum("points", filter=MADE, default=0),
        "to_review": Count("pk", filter=Q(review=Visit.Review.PENDING)),
    }


def target_sums() -> dict:
    """The target figures as aggregates over PlanTarget (what a FieldCell holds of them)."""
    visited = Visit.objects.filter(MADE, target=OuterRef("pk"))
    return {
        "planned": Sum("planned_visits", default=0),
        "targets": Count("pk"),
        "covered": Count("pk", filter=Q(Exists(visited))),
    }


def _cell_dims(filters):
    """(dim of the visit figures, dim of the target figures) answering the filters, each as
    (name, value), or None when the cells cannot answer (a product and a manager together)."""
    if filters.product and filters.manager:
        return None
    targets = ("manager", filters.manager) if filters.manager else ("", None)
    visits = ("product", filters.product) if filters.product else targets
    return visits, targets


def _cell_sums(filters) -> dict | None:
    dims = _cell_dims(filters)
    if dims is None:
        return None
    visits, targets = (Q(dim=name, dim_value=value) for name, value in dims)
    rows = visits if dims[0] == dims[1] else visits | targets
    qs = FieldCell.objects.filter(rows, year=filters.year, month__in=filters.months())
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    return qs.aggregate(
        **{name: Sum(name, filter=visits, default=0) for name in VISIT_FIGURES},
        **{name: Sum(name, filter=targets, default=0) for name in TARGET_FIGURES},
    )


def _live_sums(filters) -> dict:
    return {
        **field_visits(filters).aggregate(**visit_sums()),
        **field_targets(filters).aggregate(**target_sums()),
    }


def field_summary(filters, *, cells: bool = True) -> dict:
    """planned, made, coverage (share of targets visited at least once), points, verified share
    of the visits made, and visits awaiting review: one query over the monthly field cells, or
    two over the visits and targets when the cells cannot answer (`cells=False` forces them)."""
    sums = _cell_sums(filters) if cells else None
    if sums is None:
        sums = _live_sums(filters)
    made, targets = sums["made"], sums["targets"]
    return {
        "planned": sums["planned"],
        "made": made,
        "targets": targets,
        "coverage": round(sums["covered"] / targets, 3) if targets else None,
        "points": sums["points"],
        "verified_share": round(sums["verified"] / made, 3) if made else None,
        "to_review": sums["to_review"],
    }


def field_visit_rows(filters):
    """One row per visit for the BI feed (no notes: they are personal data)."""
    return (
        field_visits(filters)
        .order_by("scheduled_on", "id")
        .values(
            "id",
            "rep_id",
            "plan_id",
            "target_id",
            "institution_id",
            "scheduled_on",
            "status",
            "visit_type",
            "geo_status",
            "distance_m",
            "minutes_on_site",
            "review",
            "points",
            "submitted_at",
        )
    )
