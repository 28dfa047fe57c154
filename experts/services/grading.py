"""Assessments: start, score, submit, approve (changes the tier), reject, expiry reminders."""

import datetime
from calendar import monthrange

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.errors import GradingError
from experts.grading import CriterionScore, check_score, tier_for_total, weighted_total
from experts.models import (
    Assessment,
    AssessmentScore,
    Expert,
    GradingCriterion,
    GradingScheme,
    TierChange,
)
from experts.rated_criteria import scores_compute
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.models import AuditLog, Notification
from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role


def grading_scheme_current(*, on: datetime.date | None = None) -> GradingScheme:
    on = on or timezone.localdate()
    scheme = GradingScheme.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if scheme is None:
        raise GradingError(_("No grading scheme is in force: an administrator must set one up."))
    return scheme


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


@transaction.atomic
def assessment_start(*, expert: Expert, actor) -> Assessment:
    """A draft with one empty score per active criterion (weights and scales frozen in)."""
    criteria = list(GradingCriterion.objects.filter(is_active=True))
    if not criteria:
        raise GradingError(_("No active grading criteria: an administrator must set them up."))
    assessment = Assessment.objects.create(
        expert=expert, scheme=grading_scheme_current(), created_by=actor
    )
    rows = [
        AssessmentScore(assessment=assessment, criterion=c, weight=c.weight, max_score=c.max_score)
        for c in criteria
    ]
    scores_compute(assessment=assessment, rows=rows)
    AssessmentScore.objects.bulk_create(rows)
    _recompute(assessment)
    assessment.save(update_fields=["total", "resulting_tier"])
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=assessment)
    return assessment


def _recompute(assessment: Assessment) -> None:
    scores = [CriterionScore(s.weight, s.max_score, s.score) for s in assessment.scores.all()]
    assessment.total = weighted_total(scores)
    assessment.resulting_tier = tier_for_total(assessment.total, assessment.scheme.thresholds)


@transaction.atomic
def assessment_score(
    *, assessment: Assessment, actor, scores: dict, comment: str = ""
) -> Assessment:
    """Set scores {criterion_id: (score or None, evidence)} on a draft; recompute total and tier."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("scheme")
        .get(pk=assessment.pk)
    )
    if assessment.status != Assessment.Status.DRAFT:
        raise GradingError(_("Only a draft assessment can be changed."))
    rows = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for criterion_id, (score, evidence) in scores.items():
        row = rows.get(int(criterion_id))
        if row is None:
            raise GradingError(_("This criterion is not part of the assessment."))
        check_score(score, row.max_score)
        if not row.computed:  # a computed score is not typed over
            row.score, row.evidence = score, evidence or ""
    scores_compute(assessment=assessment, rows=list(rows.values()))
    AssessmentScore.objects.bulk_update(rows.values(), ["score", "evidence", "computed"])
    assessment.comment = comment
    _recompute(assessment)
    assessment.save(update_fields=["total", "resulting_tier", "comment"])
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("scheme", "expert")
        .get(pk=assessment.pk)
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    """Draft -> submitted; every criterion must be scored. The approvers are notified (they decide
    gradings; docs/decisions/experts.md)."""
    assessment = _locked(assessment)
    if assessment.status != Assessment.Status.DRAFT:
        raise GradingError(_("Only a draft can be submitted."))
    rows = list(assessment.scores.select_related("criterion"))
    if scores_compute(assessment=assessment, rows=rows):  # the ratings as of now, then frozen
        AssessmentScore.objects.bulk_update(rows, ["score", "evidence", "computed"])
        _recompute(assessment)
        assessment.save(update_fields=["total", "resulting_tier"])
    if not assessment.has_all_scores():
        raise GradingError(_("Score every criterion before submitting."))
    from_state = assessment.status
    assessment.submit()
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    audit_transition(actor=actor, obj=assessment, from_state=from_state)
    deciders = (
        get_user_model()
        .objects.filter(groups__name__in=[Role.APPROVER, Role.ADMIN], is_active=True)
        .exclude(pk=actor.pk)
        .distinct()
    )
    notify(
        recipients=deciders,
        title=_("Assessment of %(expert)s awaits approval") % {"expert": assessment.expert},
        url=reverse("experts:assessment", args=[assessment.pk]),
        level=Notification.Level.ACTION,
    )
    return assessment


@transaction.atomic
def assessment_approve(*, assessment: Assessment, actor, comment: str = "") -> Assessment:
    """Submitted -> approved: the expert gets the resulting tier (tier history recorded) and the
    assessment is valid for the scheme's validity period from today."""
    assessment = _locked(assessment)
    if assessment.created_by_id == actor.pk:
        raise GradingError(_("You cannot approve an assessment you made yourself."))
    if assessment.status != Assessment.Status.SUBMITTED:
        raise GradingError(_("Only a submitted assessment can be approved."))
    from_state = assessment.status
    assessment.approve()
    today = timezone.localdate()
    assessment.decided_by, assessment.decided_at = actor, timezone.now()
    assessment.decision_comment = comment
    assessment.valid_until = add_months(today, assessment.scheme.validity_months)
    assessment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "valid_until"]
    )
    audit_transition(actor=actor, obj=assessment, from_state=from_state, comment=comment)
    expert_set_tier(
        expert=assessment.expert,
        tier=assessment.resulting_tier,
        actor=actor,
        assessment=assessment,
        reason=_("Assessment approved, total %(total)s %%") % {"total": assessment.total},
    )
    return assessment


@transaction.atomic
def assessment_reject(*, assessment: Assessment, actor, comment: str) -> Assessment:
    assessment = _locked(assessment)
    if assessment.created_by_id == actor.pk:
        raise GradingError(_("You cannot decide an assessment you made yourself."))
    if assessment.status != Assessment.Status.SUBMITTED:
        raise GradingError(_("Only a submitted assessment can be rejected."))
    if not comment.strip():
        raise GradingError(_("Say why the assessment is rejected."))
    from_state = assessment.status
    assessment.reject()
    assessment.decided_by, assessment.decided_at = actor, timezone.now()
    assessment.decision_comment = comment
    assessment.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    audit_transition(actor=actor, obj=assessment, from_state=from_state, comment=comment)
    notify(
        recipients=[assessment.created_by],
        title=_("Assessment of %(expert)s was rejected") % {"expert": assessment.expert},
        body=comment,
        url=reverse("experts:assessment", args=[assessment.pk]),
    )
    return assessment


def expert_set_tier(*, expert: Expert, tier: str, actor, assessment=None, reason: str = ""):
    """Change the tier and record it in the tier history (no-op history when unchanged)."""
    expert = Expert.objects.select_for_update(of=("self",)).get(pk=expert.pk)
    old = expert.tier
    TierChange.objects.create(
        expert=expert,
        from_tier=old,
        to_tier=tier,
        assessment=assessment,
        changed_by=actor,
        reason=reason[:300],
    )
    if old != tier:
        expert.tier = tier
        expert.save(update_fields=["tier", "updated_at"])
        audit_log(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            obj=expert,
            changes={"tier": [old, tier]},
            comment=reason,
        )
    return expert


def assessments_expiring(*, today: datetime.date | None = None):
    """Approved assessments, the latest per expert, whose validity ends within the notice period."""
    today = today or timezone.localdate()
    latest = {}
    qs = (
        Assessment.objects.filter(status=Assessment.Status.APPROVED, valid_until__isnull=False)
        .filter(valid_until__lte=today + datetime.timedelta(days=366))
        .select_related("expert__responsible", "scheme")
        .order_by("expert_id", "-decided_at")
    )
    for a in qs:
        latest.setdefault(a.expert_id, a)
    return [
        a
        for a in latest.values()
        if a.valid_until <= today + datetime.timedelta(days=a.scheme.notice_days)
        and a.expert.is_active
    ]


def assessments_notify_expiring(*, today: datetime.date | None = None) -> int:
    """Create one reminder task per expiring assessment (safe to run daily: deduplicated)."""
    stewards = list(
        get_user_model().objects.filter(
            groups__name__in=[Role.MARKETING_MANAGER, Role.ADMIN], is_active=True
        )
    )
    sent = 0
    for a in assessments_expiring(today=today):
        recipients = [a.expert.responsible] if a.expert.responsible_id else stewards
        sent += len(
            notify(
                recipients=recipients,
                title=_("Re-grade %(expert)s: assessment valid until %(date)s")
                % {"expert": a.expert, "date": a.valid_until.strftime("%d.%m.%Y")},
                url=reverse("experts:detail", args=[a.expert_id]),
                level=Notification.Level.ACTION,
                dedup_key=f"experts:assessment-expiry:{a.pk}",
            )
        )
    return sent
