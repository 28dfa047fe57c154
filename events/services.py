"""Writes of the event lifecycle: create/edit, approval, re-approval, held, closing, cancel.

Every transition: lock the row, run the FSM transition (its conditions hold the rule), save with
update_fields, audit, notify on commit.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from events import budget_rules
from events.models import BudgetLine, BudgetRuleSetting, Event, EventChange
from kolplatform.core import hooks
from kolplatform.core.approvals import (
    ApprovalError,
    ApprovalHandler,
    approval_current,
    approval_decide,
    approval_request_start,
    approval_route_for,
    step_deciders,
)
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.errors import DomainError
from kolplatform.core.models import AuditLog
from kolplatform.core.notifications import notify


class EventError(DomainError):
    """A write the rules refuse; the message is shown to the user."""


CHANGE_FIELDS = ("starts_at", "ends_at", "city", "venue", "online_url", "format")
"""Editing these on an approved event needs re-approval of the change."""

PURPOSE_APPROVAL = "approval"
PURPOSE_REAPPROVAL = "budget_reapproval"
PURPOSE_CHANGE = "change"


def _locked(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",)).select_related("event_type").get(pk=event.pk)
    )


def _transition(event: Event, name: str, *, actor, comment: str = "", fields=("status",)):
    method = getattr(event, name)
    if not can_proceed(method):
        raise EventError(
            _("This step is not possible in the status “%(status)s”.")
            % {"status": event.get_status_display()}
        )
    from_state = event.status
    method()
    event.save(update_fields=list(fields))
    audit_transition(actor=actor, obj=event, from_state=from_state, comment=comment)
    hooks.emit(
        "event.status_changed",
        event_id=event.pk,
        from_status=from_state,
        to_status=event.status,
        actor_id=getattr(actor, "pk", None),
    )
    return event


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


# --- Budget ---------------------------------------------------------------------------------


def budget_totals(event: Event) -> dict[str, Decimal]:
    """Planned, final and actual totals of the event (one query)."""
    sums = event.budget_lines.aggregate(p=Sum("planned"), f=Sum("final"), a=Sum("actual"))
    return {
        k: sums[s] or Decimal("0.00")
        for k, s in (("planned", "p"), ("final", "f"), ("actual", "a"))
    }


def approval_amount(event: Event) -> Decimal:
    """The amount approved: the final figures, or the planned ones where no final is set."""
    total = Decimal("0.00")
    for line in event.budget_lines.all():
        total += line.final or line.planned
    return total


def budget_rule_settings() -> dict:
    settings = dict(budget_rules.DEFAULTS)
    for row in BudgetRuleSetting.objects.all():
        settings[row.code] = (row.mode, row.limit)
    return settings


def budget_flags(event: Event) -> list[budget_rules.Flag]:
    lines = list(event.budget_lines.all())
    catering = sum(
        (max(ln.final, ln.planned) for ln in lines if ln.category == "catering"), Decimal("0")
    )
    total = sum((max(ln.final, ln.planned, ln.actual) for ln in lines), Decimal("0"))
    facts = budget_rules.BudgetFacts(
        total=total,
        catering=catering,
        participants=event.planned_participants,
        speakers=len({p.speaker_id for p in event.program_items.all() if p.speaker_id}),
        entertainment_lines=tuple(
            ln.description or ln.get_category_display()
            for ln in lines
            if ln.is_entertainment or budget_rules.looks_like_entertainment(ln.description)
        ),
    )
    return budget_rules.evaluate(facts, budget_rule_settings())


def route_for(event: Event):
    """The event type's route, or the events route chosen by amount."""
    return event.event_type.approval_route or approval_route_for(
        target_model=Event, amount=approval_amount(event)
    )


@transaction.atomic
def budget_line_save(
    *, event: Event, actor, line: BudgetLine | None = None, **values
) -> BudgetLine:
    """Create or change a budget line; then apply the over-budget rule.

    `line` only names the row: the rules compare against the row as stored, read under lock (a
    ModelForm has already written the new values onto the instance it was given)."""
    event = _locked(event)
    if event.status in (Event.Status.CLOSED, Event.Status.CANCELLED, Event.Status.CLOSING):
        raise EventError(_("The budget of a closed or cancelled event cannot change."))
    stored = None
    if line is not None:
        stored = BudgetLine.objects.select_for_update().get(pk=line.pk, event=event)
    allowed = event.event_type.allowed_budget_categories
    category = values.get("category", stored.category if stored else None)
    if allowed and category not in allowed:
        raise EventError(_("This category is not allowed for this event type."))
    stored_actual = stored.actual if stored else None
    if budget_rules.freeze_refuses(
        is_frozen=event.is_frozen,
        stored_actual=stored_actual,
        new_actual=values.get("actual", stored_actual or Decimal("0")),
    ):
        raise EventError(_("No new spending while the event is in approval or re-approval."))
    line = stored or BudgetLine(event=event)
    for key, value in values.items():
        setattr(line, key, value)
    line.save()
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        changes={"budget_line": line.pk, **{k: str(v) for k, v in values.items()}},
    )
    budget_check_tolerance(event=event, actor=actor)
    return line


def budget_check_tolerance(*, event: Event, actor) -> bool:
    """Send an approved or held event to re-approval when the final or actual total exceeds the
    approved total beyond its route's tolerance (DESIGN.md §5). Returns True when it did."""
    if (
        event.status not in (Event.Status.APPROVED, Event.Status.HELD)
        or event.approved_total is None
    ):
        return False
    route = route_for(event)
    tolerance = route.over_budget_tolerance_percent if route else Decimal("10")
    totals = budget_totals(event)
    current = max(totals["final"], totals["actual"])
    if not budget_rules.exceeds_tolerance(
        approved_total=event.approved_total, current_total=current, tolerance_percent=tolerance
    ):
        return False
    _transition(
        event,
        "require_budget_reapproval",
        actor=actor,
        comment=_("Budget %(cur)s above approved %(app)s + %(tol)s%%")
        % {"cur": current, "app": event.approved_total, "tol": tolerance},
        fields=("status", "status_before_reapproval"),
    )
    request = approval_request_start(
        target=event, actor=actor, route=route, amount=current, purpose=PURPOSE_REAPPROVAL
    )
    deciders = step_deciders(request.current_step) if request.current_step else []
    notify(
        recipients=[event.owner, *deciders],
        title=_("Budget re-approval needed: %(event)s") % {"event": event},
        body=_(
            "The budget %(cur)s exceeds the approved %(app)s beyond the tolerance of "
            "%(tol)s%%. No new spending until re-approved."
        )
        % {"cur": current, "app": event.approved_total, "tol": tolerance},
        url=event_url(event),
        level="warning",
    )
    return True


# --- Approval -------------------------------------------------------------------------------


@transaction.atomic
def event_send_for_approval(*, event: Event, actor, comment: str = "") -> Event:
    """Submit a draft: blocking budget flags, a late notice without override and speaker fees
    above a cap (events.speakers.speaker_fees_refusal) refuse it."""
    from events.notices import notice_blocking_reason
    from events.speakers import speaker_fees_refusal

    event = _locked(event)
    if not event.budget_lines.exists():  # a draft without a budget cannot be submitted
        raise EventError(
            _("This step is not possible in the status “%(status)s”.")
            % {"status": event.get_status_display()}
        )
    blocks = budget_rules.blocking(budget_flags(event))
    if blocks:
        raise EventError(" ".join(f.message for f in blocks))
    reason = notice_blocking_reason(event) or speaker_fees_refusal(event)
    if reason:
        raise EventError(reason)
    route = route_for(event)
    if route is None:
        raise EventError(_("No approval route is configured for this kind of event."))
    _transition(event, "send_for_approval", actor=actor, comment=comment)
    approval_request_start(
        target=event,
        actor=actor,
        route=route,
        amount=approval_amount(event),
        purpose=PURPOSE_APPROVAL,
        comment=comment,
    )
    return event


@transaction.atomic
def event_decide(*, event: Event, actor, approve: bool, comment: str = "") -> None:
    """Decide the current step of the event's pending request (approval, re-approval, change)."""
    request = approval_current(target=event)
    if request is None:
        raise EventError(_("Nothing is waiting for a decision on this event."))
    if approve and request.purpose in (PURPOSE_APPROVAL, PURPOSE_REAPPROVAL):
        from events.notices import notice_blocking_reason

        reason = notice_blocking_reason(event)
        if reason:
            raise EventError(reason)
    try:
        approval_decide(request=request, actor=actor, approve=approve, comment=comment)
    except ApprovalError as exc:
        raise EventError(str(exc)) from exc


def _on_approved(*, target, request, actor, comment):
    event = _locked(target)
    if request.purpose == PURPOSE_CHANGE:
        _apply_change(event=event, actor=actor, approved=True)
        return
    name = "approve" if request.purpose == PURPOSE_APPROVAL else "reapprove"
    event.approved_total = request.amount
    _transition(
        event,
        name,
        actor=actor,
        comment=comment,
        fields=("status", "approved_total", "status_before_reapproval"),
    )
    if request.purpose == PURPOSE_APPROVAL:
        BudgetLine.objects.filter(event=event, final=0).update(final=F("planned"))


def _on_rejected(*, target, request, actor, comment):
    event = _locked(target)
    if request.purpose == PURPOSE_CHANGE:
        _apply_change(event=event, actor=actor, approved=False)
    elif request.purpose == PURPOSE_APPROVAL:
        _transition(event, "reject", actor=actor, comment=comment)
    notify(
        recipients=[event.owner],
        title=_("Rejected: %(event)s") % {"event": event},
        body=comment,
        url=event_url(event),
        level="warning",
    )


# Contributed to hooks.APPROVAL_HANDLER in EventsConfig.ready().
EVENT_APPROVAL_HANDLER = ApprovalHandler(on_approved=_on_approved, on_rejected=_on_rejected)


@transaction.atomic
def event_resubmit_reapproval(*, event: Event, actor, comment: str = "") -> None:
    """After a rejected re-approval the owner revises the budget and asks again."""
    event = _locked(event)
    if event.status != Event.Status.BUDGET_REAPPROVAL:
        raise EventError(_("The event is not waiting for budget re-approval."))
    totals = budget_totals(event)
    try:
        approval_request_start(
            target=event,
            actor=actor,
            route=route_for(event),
            amount=max(totals["final"], totals["actual"]),
            purpose=PURPOSE_REAPPROVAL,
            comment=comment,
        )
    except ApprovalError as exc:
        raise EventError(str(exc)) from exc


# --- Changes of approved events --------------------------------------------------------------


def needs_change_approval(event: Event) -> bool:
    """Dates, venue and programme of an approved event change only through an approved change."""
    if event.status == Event.Status.BUDGET_APPROVAL:
        raise EventError(_("The event is in approval: wait for the decision before changing it."))
    return event.status in (Event.Status.APPROVED, Event.Status.BUDGET_REAPPROVAL)


@transaction.atomic
def event_propose_change(*, event: Event, actor, payload: dict, summary: str) -> EventChange:
    """Hold a change of dates, venue or programme until the change is approved."""
    event = _locked(event)
    if event.changes.filter(status=EventChange.Status.PENDING).exists():
        raise EventError(_("Another change of this event is waiting for approval."))
    change = EventChange.objects.create(
        event=event, payload=payload, summary=summary, requested_by=actor
    )
    approval_request_start(
        target=event,
        actor=actor,
        route=route_for(event),
        amount=approval_amount(event),
        purpose=PURPOSE_CHANGE,
        comment=summary,
    )
    return change


def _apply_change(*, event: Event, actor, approved: bool) -> None:
    from events.speakers import program_item_apply

    change = event.changes.filter(status=EventChange.Status.PENDING).first()
    if change is None:
        return
    if approved:
        fields = change.payload.get("fields", {})
        for key, value in fields.items():
            setattr(event, key, value)
        if fields:
            event.save(update_fields=list(fields))
        if "programme" in change.payload:
            program_item_apply(event=event, data=change.payload["programme"])
        change.status = EventChange.Status.APPLIED
        from events.notices import notice_refresh_after_change

        notice_refresh_after_change(event=event, actor=actor, reason=change.summary)
    else:
        change.status = EventChange.Status.REJECTED
    change.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        changes={"change": change.summary, "status": change.status},
    )


# --- Other transitions ----------------------------------------------------------------------


@transaction.atomic
def event_mark_held(*, event: Event, actor) -> Event:
    return _transition(_locked(event), "mark_held", actor=actor)


@transaction.atomic
def event_start_closing(*, event: Event, actor) -> Event:
    from events.closing import checklist_create

    event = _transition(_locked(event), "start_closing", actor=actor)
    checklist_create(event=event)
    return event


@transaction.atomic
def event_close(*, event: Event, actor) -> Event:
    from events.closing import closing_blocking_reasons

    event = _locked(event)
    reasons = closing_blocking_reasons(event)
    if reasons:
        raise EventError(" ".join(reasons))
    # a compliance override of the missing notice goes on the closing record too
    return _transition(event, "close", actor=actor, comment=event.notice_close_override_reason)


@transaction.atomic
def event_cancel(*, event: Event, actor, comment: str) -> Event:
    from kolplatform.core.approvals import approval_cancel

    if not comment.strip():
        raise EventError(_("Give a reason for cancelling."))
    event = _transition(_locked(event), "cancel", actor=actor, comment=comment)
    pending = approval_current(target=event)
    if pending:
        approval_cancel(request=pending, actor=actor, comment=comment)
    return event
