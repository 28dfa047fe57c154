"""Services of field work against the database: check-in geo status, report, review, unlock,
capacity lock, segments, goal changes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from experts.models import Institution
from field.errors import FieldError
from field.models import CyclePlan, FieldPolicy, GeoStatus, SegmentCell, Visit, VisitType
from field.services.plans import (
    goal_change_decide,
    goal_change_request,
    plan_create,
    plan_lock,
    plan_refresh_status,
    target_add,
)
from field.services.segments import segment_assign
from field.services.visits import (
    Fix,
    Report,
    visit_check_in,
    visit_check_out,
    visit_review,
    visit_submit,
    visit_unlock,
)
from kolplatform.core.models import AuditLog
from tests.factories.core import UserFactory
from tests.factories.experts import ExpertFactory
from tests.factories.field import MOSCOW_HOSPITAL, CyclePlanFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _fix(meters_north=0.0, accuracy=10.0, permission="granted", at=None):
    lat = MOSCOW_HOSPITAL[0] + meters_north / 111_195.0
    granted = permission == "granted"
    now = at or timezone.now()
    return Fix(
        latitude=lat if granted else None,
        longitude=MOSCOW_HOSPITAL[1] if granted else None,
        accuracy_m=accuracy if granted else None,
        fix_at=now if granted else None,
        permission=permission,
        at=now,
    )


def _report(**kwargs):
    args = {
        "visit_type": VisitType.DEMONSTRATION,
        "doctors": [],
        "products": [],
        "notes": "Обсудили схему терапии",
        "follow_up": "",
        "follow_up_due": None,
        "range_comment": "",
        "at": timezone.now(),
        **kwargs,
    }
    return Report(**args)


def _visit_done(rep, meters_north=0.0, permission="granted", minutes=30, **report):
    visit = VisitFactory(rep=rep)
    start = timezone.now() - timedelta(minutes=minutes)
    visit_check_in(visit=visit, fix=_fix(meters_north, permission=permission, at=start), actor=rep)
    visit_check_out(visit=visit, fix=_fix(meters_north, permission=permission), actor=rep)
    return visit_submit(visit=visit, report=_report(**report), actor=rep)


def test_verified_visit_scores_points(rep):
    visit = _visit_done(rep, meters_north=100)
    assert visit.geo_status == GeoStatus.VERIFIED
    assert visit.distance_m == pytest.approx(100, abs=1)
    assert visit.status == Visit.Status.SUBMITTED
    assert visit.review == Visit.Review.NOT_NEEDED
    assert visit.minutes_on_site == 30
    assert visit.points == 4  # public institution, demonstration


def test_out_of_range_needs_a_comment_and_review(rep, manager):
    visit = VisitFactory(rep=rep)
    start = timezone.now() - timedelta(minutes=20)
    visit_check_in(visit=visit, fix=_fix(2_000, at=start), actor=rep)
    with pytest.raises(FieldError, match="out of range"):
        visit_submit(visit=visit, report=_report(), actor=rep)
    visit = visit_submit(
        visit=visit, report=_report(range_comment="Вход с другой улицы"), actor=rep
    )
    assert visit.geo_status == GeoStatus.OUT_OF_RANGE
    assert visit.review == Visit.Review.PENDING
    assert visit.points == 0
    with pytest.raises(FieldError):
        visit_review(visit=visit, accept=False, reason=" ", actor=manager)
    visit = visit_review(visit=visit, accept=True, reason="", actor=manager)
    assert visit.review == Visit.Review.ACCEPTED
    assert visit.points == 4


def test_permission_denied_is_unverifiable_and_rejected_scores_nothing(rep, manager):
    visit = _visit_done(rep, permission="denied")
    assert visit.geo_status == GeoStatus.UNVERIFIABLE
    assert visit.distance_m is None
    assert visit.review == Visit.Review.PENDING
    visit = visit_review(visit=visit, accept=False, reason="Нет геоданных", actor=manager)
    assert visit.review == Visit.Review.REJECTED
    assert visit.points == 0


def test_short_visit_scores_nothing(rep):
    assert _visit_done(rep, minutes=5).points == 0


def test_another_rep_cannot_check_in_or_report(rep, other_rep):
    visit = VisitFactory(rep=rep)
    with pytest.raises(FieldError):
        visit_check_in(visit=visit, fix=_fix(), actor=other_rep)
    visit_check_in(visit=visit, fix=_fix(), actor=rep)
    with pytest.raises(FieldError):
        visit_submit(visit=visit, report=_report(), actor=other_rep)


def test_backdating_limit(rep):
    limit = FieldPolicy.current().backdating_days
    visit = VisitFactory(rep=rep)
    old = timezone.now() - timedelta(days=limit, minutes=1)
    with pytest.raises(FieldError, match="older than"):
        visit_check_in(visit=visit, fix=_fix(at=old), actor=rep)
    with pytest.raises(FieldError, match="future"):
        visit_check_in(visit=visit, fix=_fix(at=timezone.now() + timedelta(hours=1)), actor=rep)
    earlier = timezone.now() - timedelta(days=limit - 1)
    visit = visit_check_in(visit=visit, fix=_fix(at=earlier), actor=rep)
    assert visit.check_in_at == earlier  # the phone's time is kept


def test_submitted_visit_is_locked_and_unlock_is_audited(rep, manager):
    visit = _visit_done(rep)
    with pytest.raises(FieldError, match="locked"):
        visit_submit(visit=visit, report=_report(), actor=rep)
    with pytest.raises(FieldError):
        visit_unlock(visit=visit, reason="", actor=manager)
    visit = visit_unlock(visit=visit, reason="Уточнить врачей", actor=manager)
    assert visit.status == Visit.Status.CHECKED_IN
    record = AuditLog.objects.filter(object_id=str(visit.pk), to_state=Visit.Status.CHECKED_IN)
    assert record.filter(comment="Уточнить врачей", actor=manager).exists()
    assert visit_submit(visit=visit, report=_report(), actor=rep).status == Visit.Status.SUBMITTED


def test_lock_refused_outside_thresholds_with_the_figures(rep, manager):
    plan = CyclePlanFactory(
        rep=rep, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31)
    )  # 21 working days (9 March is a day off), 8 a day: capacity 168
    target_add(plan=plan, institution=VisitFactory(rep=rep).institution, planned=10, actor=rep)
    with pytest.raises(FieldError) as refused:
        plan_lock(plan=plan, actor=manager)
    assert "168" in refused.value.message and "21" in refused.value.message
    target_add(plan=plan, institution=VisitFactory(rep=rep).institution, planned=140, actor=rep)
    plan = plan_lock(plan=plan, actor=manager)
    assert plan.locked
    with pytest.raises(FieldError, match="locked"):
        target_add(plan=plan, institution=VisitFactory(rep=rep).institution, actor=rep)


def test_goal_change_after_lock(rep, manager):
    plan = CyclePlanFactory(rep=rep, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31))
    institution = VisitFactory(rep=rep).institution
    target_add(plan=plan, institution=institution, planned=150, actor=rep)
    plan = plan_lock(plan=plan, actor=manager)
    change = goal_change_request(
        plan=plan, institution=institution, planned=120, reason="Отпуск врача", actor=rep
    )
    goal_change_decide(change=change, approve=True, comment="", actor=manager)
    assert plan.targets.get(institution=institution).planned_visits == 120


def test_plan_status_over_the_cycle(rep):
    plan = plan_create(
        rep=rep, period=CyclePlan.Period.QUARTER, month_start=date(2026, 4, 15), actor=rep
    )
    assert (plan.starts_on, plan.ends_on) == (date(2026, 4, 1), date(2026, 6, 30))
    with pytest.raises(FieldError):
        plan_create(rep=rep, period=CyclePlan.Period.MONTH, month_start=date(2026, 5, 1), actor=rep)
    plan = plan_refresh_status(plan=plan, today=date(2026, 4, 1))
    assert plan.status == CyclePlan.Status.IN_PROGRESS
    grace = FieldPolicy.current().grace_days
    plan = plan_refresh_status(plan=plan, today=date(2026, 6, 30) + timedelta(days=grace))
    assert plan.status == CyclePlan.Status.IN_PROGRESS  # still in the grace period
    plan = plan_refresh_status(plan=plan, today=date(2026, 7, 1) + timedelta(days=grace))
    assert plan.status == CyclePlan.Status.COMPLETED


def test_planned_visits_from_the_segment(rep):
    expert = ExpertFactory()
    admin = UserFactory(role="admin")
    segment_assign(
        expert=expert,
        cell=SegmentCell.objects.get(potential="A", influence=1),
        actor=admin,
        today=date(2026, 1, 10),
    )
    plan = CyclePlanFactory(
        rep=rep,
        period=CyclePlan.Period.QUARTER,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 6, 30),
    )
    target = target_add(plan=plan, institution=expert.institution, expert=expert, actor=rep)
    assert target.planned_visits == 12  # A1: 4 a month x 3 months


def test_six_month_rule_and_audited_override(manager):
    expert = ExpertFactory()
    admin = UserFactory(role="admin")
    a1 = SegmentCell.objects.get(potential="A", influence=1)
    b2 = SegmentCell.objects.get(potential="B", influence=2)
    segment_assign(expert=expert, cell=a1, actor=manager, today=date(2026, 1, 10))
    with pytest.raises(FieldError, match="10.07.2026"):
        segment_assign(expert=expert, cell=b2, actor=manager, today=date(2026, 7, 9))
    with pytest.raises(FieldError, match="administrator"):
        segment_assign(
            expert=expert,
            cell=b2,
            actor=manager,
            today=date(2026, 2, 1),
            override_reason="Сменил место работы",
        )
    segment_assign(
        expert=expert,
        cell=b2,
        actor=admin,
        today=date(2026, 2, 1),
        override_reason="Сменил место работы",
    )
    assert AuditLog.objects.filter(action="field.segment_override", actor=admin).exists()
    assert list(expert.segments.values_list("cell__potential", flat=True)) == ["B", "A"]
    segment_assign(expert=expert, cell=a1, actor=manager, today=date(2026, 8, 1))


def test_private_institution_radius(rep):
    visit = VisitFactory(rep=rep, institution__kind=Institution.Kind.PRIVATE)
    visit = visit_check_in(visit=visit, fix=_fix(200, accuracy=5), actor=rep)
    assert visit.geo_status == GeoStatus.OUT_OF_RANGE  # private: 150 m


def test_utilisation_thresholds_come_from_the_policy(rep, manager):
    policy = FieldPolicy.current()
    policy.utilisation_low = Decimal("0.01")
    policy.save()
    plan = CyclePlanFactory(rep=rep, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31))
    target_add(plan=plan, institution=VisitFactory(rep=rep).institution, planned=10, actor=rep)
    assert plan_lock(plan=plan, actor=manager).locked


def test_daily_task_moves_plans_over_the_cycle(rep):
    from field.tasks import field_plans_refresh

    today = timezone.localdate()
    current = CyclePlanFactory(rep=rep)
    old = CyclePlanFactory(
        rep=rep, starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=90)
    )
    assert field_plans_refresh() == 2
    assert CyclePlan.objects.get(pk=current.pk).status == CyclePlan.Status.IN_PROGRESS
    assert CyclePlan.objects.get(pk=old.pk).status == CyclePlan.Status.COMPLETED


def test_first_check_in_starts_the_plan(rep):
    plan = CyclePlanFactory(rep=rep)
    visit = VisitFactory(rep=rep, plan=plan)
    visit_check_in(visit=visit, fix=_fix(), actor=rep)
    assert CyclePlan.objects.get(pk=plan.pk).status == CyclePlan.Status.IN_PROGRESS
