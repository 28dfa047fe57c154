"""The figures of a plan read from the database: working days, capacity, attainment.

The arithmetic is in field.capacity and field.attainment; this module only gathers the inputs
(a fixed number of queries per plan, or per page of plans)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from field.attainment import PacingThresholds, elapsed_share, pacing, remaining
from field.capacity import CapacityCheck, capacity_check, working_days
from field.models import CalendarDay, CyclePlan, FieldPolicy, FieldRep, Visit


def cycle_working_days(start: date, end: date) -> int:
    rows = CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "kind")
    days_off = {day for day, kind in rows if kind == CalendarDay.Kind.DAY_OFF}
    working = {day for day, kind in rows if kind == CalendarDay.Kind.WORKING}
    return working_days(start, end, days_off=days_off, working_weekends=working)


def plan_capacity(plan: CyclePlan, policy: FieldPolicy | None = None) -> CapacityCheck:
    policy = policy or FieldPolicy.current()
    rep = FieldRep.objects.filter(user_id=plan.rep_id).first()
    planned = plan.targets.aggregate(n=Sum("planned_visits"))["n"] or 0
    return capacity_check(
        planned=planned,
        visits_per_day=rep.visits_per_day if rep else 0,
        days=cycle_working_days(plan.starts_on, plan.ends_on),
        low=policy.utilisation_low,
        high=policy.utilisation_high,
    )


MADE = Q(status=Visit.Status.SUBMITTED) & ~Q(review=Visit.Review.REJECTED)


def visit_counts(visits, key: str, today: date) -> dict:
    """{key value: (made, scheduled)} over `visits` grouped by `key` (one query on the plan's
    or target's index)."""
    scheduled = Q(status=Visit.Status.SCHEDULED, scheduled_on__gte=today)
    rows = visits.values(key).annotate(
        made=Count("pk", filter=MADE), sched=Count("pk", filter=scheduled)
    )
    return {row[key]: (row["made"], row["sched"]) for row in rows}


@dataclass(frozen=True)
class Attainment:
    planned: int
    made: int
    scheduled: int
    remaining: int
    pacing: str


def attainment(
    *, planned: int, made: int, scheduled: int, elapsed: Decimal, thresholds: PacingThresholds
) -> Attainment:
    return Attainment(
        planned,
        made,
        scheduled,
        remaining(planned, made),
        pacing(planned=planned, made=made, elapsed=elapsed, thresholds=thresholds),
    )


def thresholds(policy: FieldPolicy) -> PacingThresholds:
    return PacingThresholds(under=policy.pacing_under, over=policy.pacing_over)


def targets_with_attainment(plan: CyclePlan, *, today: date, policy: FieldPolicy):
    """The plan's targets, each with `.figures` (Attainment), in two queries."""
    elapsed = elapsed_share(plan.starts_on, plan.ends_on, today)
    rows = list(
        plan.targets.select_related("expert", "institution").order_by("institution__name", "pk")
    )
    counts = visit_counts(Visit.objects.filter(plan=plan, target__isnull=False), "target_id", today)
    for target in rows:
        made, scheduled = counts.get(target.pk, (0, 0))
        target.figures = attainment(
            planned=target.planned_visits,
            made=made,
            scheduled=scheduled,
            elapsed=elapsed,
            thresholds=thresholds(policy),
        )
    return rows


def plans_with_attainment(plans, *, today: date, policy: FieldPolicy) -> list[CyclePlan]:
    """Plans (a queryset) each with `.figures` for the whole plan, in two queries."""
    rows = list(plans.annotate(n_planned=Sum("targets__planned_visits")))
    ids = [plan.pk for plan in rows]
    counts = visit_counts(Visit.objects.filter(plan_id__in=ids), "plan_id", today)
    for plan in rows:
        made, scheduled = counts.get(plan.pk, (0, 0))
        plan.figures = attainment(
            planned=plan.n_planned or 0,
            made=made,
            scheduled=scheduled,
            elapsed=elapsed_share(plan.starts_on, plan.ends_on, today),
            thresholds=thresholds(policy),
        )
    return rows
