"""The other transitions of an event: held, closing, closed, cancelled."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.closing import checklist_create, closing_blocking_reasons
from events.models import Event
from events.services.base import EventError, _locked, _transition
from kolplatform.core.approvals import (
    approval_cancel,
    approval_current,
)

# --- Other transitions ----------------------------------------------------------------------


@transaction.atomic
def event_mark_held(*, event: Event, actor) -> Event:
    return _transition(_locked(event), "mark_held", actor=actor)


@transaction.atomic
def event_start_closing(*, event: Event, actor) -> Event:
    event = _transition(_locked(event), "start_closing", actor=actor)
    checklist_create(event=event)
    return event


@transaction.atomic
def event_close(*, event: Event, actor) -> Event:
    event = _locked(event)
    reasons = closing_blocking_reasons(event)
    if reasons:
        raise EventError(" ".join(reasons))
    # a compliance override of the missing notice goes on the closing record too
    return _transition(event, "close", actor=actor, comment=event.notice_close_override_reason)


@transaction.atomic
def event_cancel(*, event: Event, actor, comment: str) -> Event:
    if not comment.strip():
        raise EventError(_("Give a reason for cancelling."))
    event = _transition(_locked(event), "cancel", actor=actor, comment=comment)
    pending = approval_current(target=event)
    if pending:
        approval_cancel(request=pending, actor=actor, comment=comment)
    return event
