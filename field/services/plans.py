"""Cycle plans: creation, the target list, the lock after the capacity check, goal changes and
the plan's status over the cycle (issue 18 §2-3)."""

import calendar
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from field.errors import FieldError
from field.figures import plan_capacity
from field.models import CyclePlan, FieldPolicy, GoalChange, PlanTarget
from field.segments import planned_visits
from field.services.segments import segment_current
from kolplatform.core.audit import audit_log, audit_transition


def cycle_bounds(period: str, month_start: date) -> tuple[date, date]:
    start = month_start.replace(day=1)
    months = 3 if period == CyclePlan.Period.QUARTER else 1
    last_month = start.month + months - 1
    year = start.year + (last_month - 1) // 12
    month = (last_month - 1) % 12 + 1
    return start, date(year, month, calendar.monthrange(year, month)[1])


def plan_create(*, rep, period: str, month_start: date, actor) -> CyclePlan:
    starts_on, ends_on = cycle_bounds(period, month_start)
    if CyclePlan.objects.filter(rep=rep, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise FieldError(_("The representative already has a plan for this period."))
    plan = CyclePlan.objects.create(rep=rep, period=period, starts_on=starts_on, ends_on=ends_on)
    audit_log(actor=actor, action="field.plan_created", obj=plan)
    return plan


def default_planned_visits(*, plan: CyclePlan, expert) -> int:
    """Planned visits from the expert's segment (1 a month without a segment or expert)."""
    segment = segment_current(expert) if expert is not None else None
    per_month = segment.cell.visits_per_month if segment else 1
    return planned_visits(per_month, plan.months)


def target_add(
    *, plan: CyclePlan, institution, expert=None, planned: int | None = None, actor
) -> PlanTarget:
    """Add a target to an unlocked plan; planned visits default from the segment."""
    if plan.locked:
        raise FieldError(_("The plan is locked: request a goal change instead."))
    if planned is None:
        planned = default_planned_visits(plan=plan, expert=expert)
    try:
        with transaction.atomic():
            return PlanTarget.objects.create(
                plan=plan, institution=institution, expert=expert, planned_visits=planned
            )
    except IntegrityError:
        raise FieldError(_("This target is already on the plan.")) from None


def target_remove(*, target: PlanTarget, actor) -> None:
    if target.plan.locked:
        raise FieldError(_("The plan is locked: request a goal change instead."))
    target.delete()


@transaction.atomic
def plan_lock(*, plan: CyclePlan, actor) -> CyclePlan:
    """The manager approves the target list: refused outside the utilisation thresholds."""
    plan = CyclePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.locked:
        raise FieldError(_("The plan is already locked."))
    check = plan_capacity(plan)
    if not check.lockable:
        raise FieldError(
            _(
                "Utilisation %(u)s is outside %(low)s–%(high)s: %(planned)s planned visits "
                "against a capacity of %(cap)s (%(days)s working days)."
            )
            % {
                "u": "—" if check.utilisation is None else check.utilisation,
                "low": check.low,
                "high": check.high,
                "planned": check.planned,
                "cap": check.capacity,
                "days": check.working_days,
            }
        )
    plan.locked_at, plan.locked_by = timezone.now(), actor
    plan.save(update_fields=["locked_at", "locked_by"])
    audit_log(actor=actor, action="field.plan_locked", obj=plan, comment=str(check.utilisation))
    return plan


def goal_change_request(
    *, plan: CyclePlan, institution, expert=None, planned: int, reason: str, actor
) -> GoalChange:
    if not plan.locked:
        raise FieldError(_("The plan is not locked: change the targets directly."))
    if not reason.strip():
        raise FieldError(_("Say why the goal changes."), field="reason")
    target = plan.targets.filter(institution=institution, expert=expert).first()
    return GoalChange.objects.create(
        plan=plan,
        target=target,
        institution=institution,
        expert=expert,
        planned_visits=planned,
        reason=reason.strip(),
        requested_by=actor,
    )


@transaction.atomic
def goal_change_decide(*, change: GoalChange, approve: bool, comment: str, actor) -> GoalChange:
    change = GoalChange.objects.select_for_update().get(pk=change.pk)
    if change.status != GoalChange.Status.PENDING:
        raise FieldError(_("This request is already decided."))
    before = change.status
    if approve:
        change.approve()
        PlanTarget.objects.update_or_create(
            plan=change.plan,
            institution=change.institution,
            expert=change.expert,
            defaults={"planned_visits": change.planned_visits},
        )
    else:
        change.reject()
    change.decided_by, change.decision_comment = actor, comment.strip()
    change.save(update_fields=["status", "decided_by", "decision_comment"])
    audit_transition(actor=actor, obj=change, from_state=before, comment=change.decision_comment)
    return change


@transaction.atomic
def plan_refresh_status(*, plan: CyclePlan, today: date, actor=None) -> CyclePlan:
    """planned -> in progress from the first day; -> completed after the grace period."""
    plan = CyclePlan.objects.select_for_update().get(pk=plan.pk)
    before = plan.status
    grace = timedelta(days=FieldPolicy.current().grace_days)
    if plan.status != CyclePlan.Status.COMPLETED and today > plan.ends_on + grace:
        plan.complete()
    elif plan.status == CyclePlan.Status.PLANNED and today >= plan.starts_on:
        plan.start()
    if plan.status != before:
        plan.save(update_fields=["status"])
        audit_transition(actor=actor, obj=plan, from_state=before)
    return plan


def plan_accepts_visit_on(plan: CyclePlan, day: date) -> bool:
    """A visit belongs to the plan from its start until the end of the grace period."""
    grace = timedelta(days=FieldPolicy.current().grace_days)
    return plan.starts_on <= day <= plan.ends_on + grace
