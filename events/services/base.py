"""Shared pieces of the event writes: the error, approval purposes, the locked row and the
audited FSM transition."""

from django.urls import reverse

from events.errors import EventError
from events.models import Event
from kolplatform.core import hooks
from kolplatform.core.audit import audit_transition
from kolplatform.core.refusals import transition_refusal

__all__ = ["EventError"]


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
    refused = transition_refusal(event, name)
    if refused:
        raise EventError(refused)
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
