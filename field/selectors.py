"""Reads of field work for the pages: object access, the rep's week, the team, the queue."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404

from experts.models import Expert, Institution
from field.geo import route_order
from field.models import CyclePlan, FieldRep, GoalChange, Visit
from kolplatform.core.roles import Role

SEARCH_LIMIT = 20


def visit_get_for_user(*, user, pk: int, perm: str = "field.view_visit") -> Visit:
    """A visit for `user` or raise: 404 when missing, 403 when `perm` is not granted (the rep
    works on their own visits; their manager and administrators see and review them)."""
    visit = get_object_or_404(
        Visit.objects.select_related("institution", "rep", "rep__field_rep", "plan"), pk=pk
    )
    if not user.has_perm(perm, visit):
        raise PermissionDenied
    return visit


def visit_get_for_rep(*, user, pk: int) -> Visit:
    """A visit its representative works on (check-in, check-out, report): nobody else, not even
    a superuser, acts for the rep."""
    visit = get_object_or_404(Visit.objects.select_related("institution", "plan"), pk=pk)
    if visit.rep_id != user.pk:
        raise PermissionDenied
    return visit


def plan_get_for_user(*, user, pk: int, perm: str = "field.view_cycleplan") -> CyclePlan:
    plan = get_object_or_404(CyclePlan.objects.select_related("rep", "rep__field_rep"), pk=pk)
    if not user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def goal_change_get_for_user(*, user, pk: int) -> GoalChange:
    change = get_object_or_404(GoalChange.objects.select_related("plan__rep__field_rep"), pk=pk)
    if not user.has_perm("field.lock_cycleplan", change.plan):
        raise PermissionDenied
    return change


def team_reps(*, user):
    """The reps `user` manages (administrators: every rep)."""
    reps = FieldRep.objects.select_related("user", "manager")
    if not user.has_role(Role.ADMIN):
        reps = reps.filter(manager=user)
    return reps.order_by("user__last_name", "user__first_name", "pk")


def team_rep_ids(*, user) -> list[int]:
    return list(team_reps(user=user).values_list("user_id", flat=True))


def plans_for_user(*, user):
    """Plans the user may see: their own, and their team's."""
    mine = Q(rep=user)
    if user.has_role(Role.ADMIN):
        mine = Q()
    elif FieldRep.objects.filter(manager=user).exists():
        mine |= Q(rep__field_rep__manager=user)
    return CyclePlan.objects.filter(mine).select_related("rep", "locked_by")


def week_visits(*, rep, today: date, start: tuple[float, float] | None):
    """Today's visits in the suggested route order (nearest neighbour from `start`, or the
    rep's base), and the open visits of the rest of the week by day."""
    week_end = today + timedelta(days=6 - today.weekday())
    visits = list(
        Visit.objects.filter(rep=rep, scheduled_on__range=(today, week_end))
        .select_related("institution")
        .order_by("scheduled_on", "pk")
    )
    todays = [v for v in visits if v.scheduled_on == today]
    if start is None:
        base = FieldRep.objects.filter(user=rep).values_list("base_latitude", "base_longitude")
        point = base.first()
        start = (float(point[0]), float(point[1])) if point and None not in point else None
    stops = [(v, _site(v.institution)) for v in todays]
    later = [v for v in visits if v.scheduled_on != today]
    return route_order(start, stops), later


def _site(institution) -> tuple[float, float] | None:
    if institution.latitude is None or institution.longitude is None:
        return None
    return (float(institution.latitude), float(institution.longitude))


def review_queue(*, user):
    """Out-of-range and unverifiable visits of the user's team awaiting a decision."""
    return (
        Visit.objects.filter(review=Visit.Review.PENDING, rep_id__in=team_rep_ids(user=user))
        .select_related("institution", "rep")
        .order_by("submitted_at", "pk")
    )


def points_by_period(*, rep_ids, today: date) -> dict[int, tuple[int, int, int]]:
    """Points scored per rep today, this week and this month (submitted, not rejected), in one
    query."""
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    rows = (
        Visit.objects.filter(
            rep_id__in=rep_ids,
            status=Visit.Status.SUBMITTED,
            scheduled_on__range=(min(week_start, month_start), today),
        )
        .exclude(review=Visit.Review.REJECTED)
        .values("rep_id")
        .annotate(
            day=Sum("points", filter=Q(scheduled_on=today)),
            week=Sum("points", filter=Q(scheduled_on__gte=week_start)),
            month=Sum("points", filter=Q(scheduled_on__gte=month_start)),
        )
    )
    return {r["rep_id"]: (r["day"] or 0, r["week"] or 0, r["month"] or 0) for r in rows}


def institution_search(q: str):
    q = q.strip()
    if len(q) < 2:
        return Institution.objects.none()
    return Institution.objects.filter(Q(name__icontains=q) | Q(city__icontains=q)).order_by("name")[
        :SEARCH_LIMIT
    ]


def expert_search(q: str):
    q = q.strip()
    if len(q) < 2:
        return Expert.objects.none()
    return (
        Expert.objects.filter(is_active=True, merged_into=None)
        .filter(Q(last_name__icontains=q) | Q(first_name__icontains=q))
        .select_related("institution")
        .order_by("last_name", "first_name")[:SEARCH_LIMIT]
    )


def field_rep_get_for_user(*, user, pk: int) -> FieldRep:
    """A representative whose targets `user` sets: their manager, or an administrator."""
    rep = get_object_or_404(FieldRep.objects.select_related("user", "manager"), pk=pk)
    if not user.has_perm("field.manage_fieldrep", rep):
        raise PermissionDenied
    return rep
