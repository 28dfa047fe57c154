"""Changes of dates, venue or programme of an approved event, held until the change is approved."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event, EventChange
from events.notices import notice_refresh_after_change
from events.services.base import (
    PURPOSE_CHANGE,
    EventError,
    _locked,
)
from events.services.budget import approval_amount, route_for
from events.speakers import program_item_apply
from kolplatform.core.approvals import (
    approval_request_start,
)
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog


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
