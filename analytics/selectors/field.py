"""Field work on the dashboard and in the BI feed: visits planned against made, target-list
coverage, points and the review backlog for the period and dimensions of the filters (region of
the institution, product discussed, the reps' manager)."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from field.models import GeoStatus, PlanTarget, Visit

MADE = Q(status=Visit.Status.SUBMITTED) & ~Q(review=Visit.Review.REJECTED)


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


def field_summary(filters) -> dict:
    """planned, made, coverage (share of targets visited at least once), points, verified share
    of the visits made, and visits awaiting review; three queries."""
    visits = field_visits(filters).aggregate(
        made=Count("pk", filter=MADE),
        verified=Count("pk", filter=MADE & Q(geo_status=GeoStatus.VERIFIED)),
        points=Sum("points", filter=MADE),
        to_review=Count("pk", filter=Q(review=Visit.Review.PENDING)),
    )
    targets = field_targets(filters)
    visited = Visit.objects.filter(MADE, target=OuterRef("pk"))
    plan = targets.aggregate(
        planned=Sum("planned_visits"),
        targets=Count("pk"),
        covered=Count("pk", filter=Q(Exists(visited))),
    )
    made = visits["made"]
    return {
        "planned": plan["planned"] or 0,
        "made": made,
        "targets": plan["targets"],
        "coverage": round(plan["covered"] / plan["targets"], 3) if plan["targets"] else None,
        "points": visits["points"] or 0,
        "verified_share": round(visits["verified"] / made, 3) if made else None,
        "to_review": visits["to_review"],
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
