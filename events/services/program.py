"""The programme write: an item added to an event, or proposed as a change once it is approved."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.errors import EventError
from events.models import Event
from events.services.changes import event_propose_change, needs_change_approval
from events.speakers import order_for_event, program_item_apply, speaker_blocking_reasons
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog


@transaction.atomic
def program_item_add(*, event: Event, actor, topic: str, starts_at, ends_at, speaker=None):
    """Add a programme item; a speaker is checked by speaker_blocking_reasons. On an approved event
    the item becomes a change waiting for approval. Returns the item or the EventChange."""
    if event.status in (
        Event.Status.HELD,
        Event.Status.CLOSING,
        Event.Status.CLOSED,
        Event.Status.CANCELLED,
    ):
        raise EventError(_("The programme of this event can no longer change."))
    if ends_at <= starts_at:
        raise EventError(_("The item must end after it starts."))
    order = None
    if speaker is not None:
        order = order_for_event(event=event, expert=speaker)
        reasons = speaker_blocking_reasons(event=event, expert=speaker, topic=topic, order=order)
        if reasons:
            raise EventError(" ".join(reasons))
    data = {
        "topic": topic,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "speaker_id": speaker.pk if speaker else None,
        "service_order_id": order.pk if order else None,
    }
    if needs_change_approval(event):
        return event_propose_change(
            event=event,
            actor=actor,
            payload={"programme": data},
            summary=_("Programme: %(topic)s") % {"topic": topic},
        )
    item = program_item_apply(event=event, data=data)
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=item)
    return item
