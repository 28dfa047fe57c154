"""The outbox: domain events become messages and deliveries in the emitter's transaction.

WebhooksConfig.ready() subscribes `record_event` to every event of kolplatform.core.hooks.EVENTS
with `in_transaction=True`: the rows commit with the change they report, or not at all. Each
delivery is queued on commit; the sweeper (tasks.webhook_sweep_due) queues whatever was missed.
"""

from django.db import transaction
from django.utils import timezone

from kolplatform.core.bulk import insert_rows
from webhooks.models import Delivery, Endpoint, Message
from webhooks.signing import message_body, message_id_generate


def subscribed_endpoint_ids(event_type: str) -> list[int]:
    rows = Endpoint.objects.filter(status=Endpoint.Status.ENABLED).values_list("pk", "event_types")
    return [pk for pk, types in rows if "*" in types or event_type in types]


def record_event(event_type: str, **payload) -> Message | None:
    """One message and one pending delivery per enabled endpoint subscribed to `event_type`;
    nothing when no endpoint listens. Payloads are ids and plain values (thin)."""
    endpoint_ids = subscribed_endpoint_ids(event_type)
    if not endpoint_ids:
        return None
    now = timezone.now()
    message = Message.objects.create(
        msg_id=message_id_generate(),
        event_type=event_type,
        body=message_body(event_type=event_type, occurred_at=now, data=payload),
        occurred_at=now,
    )
    ids = insert_rows(
        Delivery,
        ["message_id", "endpoint_id", "status", "attempts", "next_attempt_at", "created_at"],
        [(message.pk, pk, Delivery.Status.PENDING, 0, now, now) for pk in endpoint_ids],
        returning=True,
    )
    transaction.on_commit(lambda: _queue(ids))
    return message


def _queue(delivery_ids) -> None:
    from webhooks.tasks import webhook_deliver

    for pk in delivery_ids:
        webhook_deliver.delay(pk)
