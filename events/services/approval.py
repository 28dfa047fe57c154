"""Approval of an event: submit, decide, re-approval, and the handler the approvals engine calls."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from events import budget_rules
from events.models import BudgetLine, Event
from events.notices import notice_blocking_reason
from events.services.base import (
    PURPOSE_APPROVAL,
    PURPOSE_CHANGE,
    PURPOSE_REAPPROVAL,
    EventError,
    _locked,
    _transition,
    event_url,
)
from events.services.budget import approval_amount, budget_flags, budget_totals, route_for
from events.services.changes import _apply_change
from events.speakers import speaker_fees_refusal
from kolplatform.core.approvals import (
    ApprovalError,
    ApprovalHandler,
    approval_current,
    approval_decide,
    approval_request_start,
)
from kolplatform.core.notifications import notify


@transaction.atomic
def event_send_for_approval(*, event: Event, actor, comment: str = "") -> Event:
    """Submit a draft: blocking budget flags, a late notice without override and speaker fees
    above a cap (events.speakers.speaker_fees_refusal) refuse it."""
    event = _locked(event)
    if event.status == Event.Status.DRAFT and not event.budget_lines.exists():
        raise EventError(_("Add at least one budget line, then send the event for approval."))
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
