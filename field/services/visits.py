"""Visits: check-in and check-out with the phone's fix, the report, unlock and review
(issue 18 §4-5). Times come from the phone (an offline report is delivered later with its own
times) and are accepted within the back-dating limit (field.reporting)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from field.errors import FieldError
from field.geo import geo_status
from field.models import CyclePlan, FieldPolicy, GeoStatus, Permission, TypeRadius, Visit
from field.reporting import backdating_refusal, minutes_on_site
from field.services.plans import plan_accepts_visit_on, plan_refresh_status
from field.services.scoring import score
from kolplatform.core import hooks
from kolplatform.core.audit import audit_log, audit_transition


@dataclass(frozen=True)
class Fix:
    """What the phone reported: coordinates (None without a fix), accuracy, fix time, permission,
    and the time of the action on the phone."""

    latitude: float | None
    longitude: float | None
    accuracy_m: float | None
    fix_at: datetime | None
    permission: str
    at: datetime

    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            return None
        return (self.latitude, self.longitude)


def _check_time(at: datetime, policy: FieldPolicy) -> None:
    refusal = backdating_refusal(at=at, now=timezone.now(), limit_days=policy.backdating_days)
    if refusal == "future":
        raise FieldError(_("The time of the visit is in the future."))
    if refusal == "too_old":
        raise FieldError(
            _("Visits older than %(days)s days cannot be reported.")
            % {"days": policy.backdating_days}
        )


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("institution").get(pk=visit.pk)


def _radius(kind: str, policy: FieldPolicy) -> int:
    row = TypeRadius.objects.filter(kind=kind).first()
    return row.radius_m if row else policy.default_radius_m


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def visit_start_unplanned(*, rep, institution, day: date, actor) -> Visit:
    """An unplanned visit: scheduled for `day`, counted on the rep's plan of that day (and on the
    matching target) when there is one."""
    plan = (
        CyclePlan.objects.filter(rep=rep, starts_on__lte=day)
        .exclude(status=CyclePlan.Status.COMPLETED)
        .order_by("-starts_on")
        .first()
    )
    if plan is not None and not plan_accepts_visit_on(plan, day):
        plan = None
    target = plan.targets.filter(institution=institution).first() if plan else None
    return Visit.objects.create(
        rep=rep, plan=plan, target=target, institution=institution, scheduled_on=day
    )


def visit_schedule(*, target, day: date, actor) -> Visit:
    """Put a visit to a target of the plan on the rep's calendar (within the cycle and its grace
    period, not in the past)."""
    plan = target.plan
    if day < timezone.localdate() or not plan_accepts_visit_on(plan, day):
        raise FieldError(_("Choose a day of the cycle from today on."), field="day")
    return Visit.objects.create(
        rep_id=plan.rep_id,
        plan=plan,
        target=target,
        institution=target.institution,
        scheduled_on=day,
    )


@transaction.atomic
def visit_check_in(*, visit: Visit, fix: Fix, actor) -> Visit:
    policy = FieldPolicy.current()
    visit = _locked(visit)
    if visit.rep_id != actor.pk:
        raise FieldError(_("Only the visit's representative checks in."))
    if visit.status != Visit.Status.SCHEDULED:
        raise FieldError(_("The visit is already checked in."))
    _check_time(fix.at, policy)
    inst = visit.institution
    site = None
    if inst.latitude is not None and inst.longitude is not None:
        site = (float(inst.latitude), float(inst.longitude))
    check = geo_status(
        fix=fix.point(),
        accuracy_m=fix.accuracy_m,
        permission=fix.permission,
        site=site,
        radius_m=_radius(inst.kind, policy),
        max_accuracy_m=policy.max_accuracy_m,
    )
    visit.check_in()
    point = fix.point()
    visit.check_in_at, visit.check_in_fix_at = fix.at, fix.fix_at
    visit.check_in_latitude = _coordinate(point[0]) if point else None
    visit.check_in_longitude = _coordinate(point[1]) if point else None
    visit.check_in_accuracy_m = fix.accuracy_m
    visit.permission = fix.permission if fix.permission in Permission.values else ""
    visit.geo_status = check.status
    visit.distance_m = None if check.distance_m is None else round(check.distance_m)
    if visit.scheduled_on is None:
        visit.scheduled_on = timezone.localdate(fix.at)
    visit.save()
    audit_transition(actor=actor, obj=visit, from_state=Visit.Status.SCHEDULED)
    if visit.plan_id and visit.plan.status == CyclePlan.Status.PLANNED:
        plan_refresh_status(plan=visit.plan, today=timezone.localdate(fix.at), actor=actor)
    return visit


@transaction.atomic
def visit_check_out(*, visit: Visit, fix: Fix, actor) -> Visit:
    visit = _locked(visit)
    if visit.rep_id != actor.pk:
        raise FieldError(_("Only the visit's representative checks out."))
    if visit.status != Visit.Status.CHECKED_IN or visit.check_out_at is not None:
        raise FieldError(_("Check in first; a visit is checked out once."))
    _check_time(fix.at, FieldPolicy.current())
    if fix.at < visit.check_in_at:
        raise FieldError(_("The check-out is before the check-in."))
    point = fix.point()
    visit.check_out_at = fix.at
    visit.check_out_latitude = _coordinate(point[0]) if point else None
    visit.check_out_longitude = _coordinate(point[1]) if point else None
    visit.check_out_accuracy_m = fix.accuracy_m
    visit.minutes_on_site = minutes_on_site(visit.check_in_at, visit.check_out_at)
    visit.save(
        update_fields=[
            "check_out_at",
            "check_out_latitude",
            "check_out_longitude",
            "check_out_accuracy_m",
            "minutes_on_site",
        ]
    )
    return visit


@dataclass(frozen=True)
class Report:
    visit_type: str
    doctors: list
    products: list
    notes: str
    follow_up: str
    follow_up_due: date | None
    range_comment: str
    at: datetime


@transaction.atomic
def visit_submit(*, visit: Visit, report: Report, actor) -> Visit:
    """The rep's report; the visit is then locked. Out of range needs a comment; a visit that is
    not verified waits for the manager's review and scores nothing until accepted."""
    policy = FieldPolicy.current()
    visit = _locked(visit)
    if visit.rep_id != actor.pk:
        raise FieldError(_("Only the visit's representative reports it."))
    if visit.status != Visit.Status.CHECKED_IN:
        raise FieldError(_("Check in before the report; a submitted visit is locked."))
    _check_time(report.at, policy)
    if visit.geo_status == GeoStatus.OUT_OF_RANGE and not report.range_comment.strip():
        raise FieldError(_("The check-in was out of range: say why."), field="range_comment")
    if not report.visit_type:
        raise FieldError(_("Choose the type of the visit."), field="visit_type")
    visit.visit_type = report.visit_type
    visit.notes = report.notes
    visit.follow_up, visit.follow_up_due = report.follow_up.strip(), report.follow_up_due
    visit.range_comment = report.range_comment.strip()
    if visit.check_out_at is None:
        visit.check_out_at = max(report.at, visit.check_in_at)
        visit.minutes_on_site = minutes_on_site(visit.check_in_at, visit.check_out_at)
    visit.submitted_at = report.at
    visit.submit()
    if visit.geo_status != GeoStatus.VERIFIED and visit.review == Visit.Review.NOT_NEEDED:
        visit.ask_review()
    visit.save()
    visit.doctors.set(report.doctors)
    visit.products.set(report.products)
    visit.points = score(visit, policy)
    visit.save(update_fields=["points"])
    audit_transition(actor=actor, obj=visit, from_state=Visit.Status.CHECKED_IN)
    hooks.emit(
        "visit.submitted",
        visit_id=visit.pk,
        rep_id=visit.rep_id,
        institution_id=visit.institution_id,
        geo_status=visit.geo_status,
        actor_id=actor.pk,
    )
    return visit


@transaction.atomic
def visit_unlock(*, visit: Visit, reason: str, actor) -> Visit:
    """The manager reopens a submitted visit for corrections (audited, with the reason)."""
    if not reason.strip():
        raise FieldError(_("Say why the visit is unlocked."), field="reason")
    visit = _locked(visit)
    if visit.status != Visit.Status.SUBMITTED:
        raise FieldError(_("Only a submitted visit can be unlocked."))
    visit.unlock()
    visit.save(update_fields=["status"])
    audit_transition(actor=actor, obj=visit, from_state=Visit.Status.SUBMITTED, comment=reason)
    return visit


@transaction.atomic
def visit_review(*, visit: Visit, accept: bool, reason: str, actor) -> Visit:
    """Accept or reject an out-of-range or unverifiable visit; a rejection needs a reason."""
    visit = _locked(visit)
    if visit.review != Visit.Review.PENDING:
        raise FieldError(_("This visit is not awaiting review."))
    if not accept and not reason.strip():
        raise FieldError(_("Say why the visit is rejected."), field="reason")
    before = visit.review
    visit.accept() if accept else visit.reject()
    visit.review_reason, visit.reviewed_by = reason.strip(), actor
    visit.points = score(visit, FieldPolicy.current())
    visit.save(update_fields=["review", "review_reason", "reviewed_by", "points"])
    audit_log(
        actor=actor,
        action="field.visit_reviewed",
        obj=visit,
        from_state=before,
        to_state=visit.review,
        comment=visit.review_reason,
    )
    return visit
