"""The outbox: domain events become messages and deliveries in the emitter's transaction.

WebhooksConfig.ready() subscribes `record_event` to every event of kolplatform.core.hooks.EVENTS
with `in_transaction=True`: the rows commit with the change they report, or not at all. Each
delivery is queued on commit; the sweeper (tasks.webhook_sweep_due) queues whatever was missed.
"""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from kolplatform.core.bulk import insert_rows
from webhooks.models import Delivery, Endpoint, Message
from webhooks.signing import message_body, message_id_generate


def _enabled_endpoints() -> list[tuple[int, list[str]]]:
    """(id, event types) of the enabled endpoints, read once per transaction.

    An import emits an event per row; reading the endpoints for each of them cost more than the
    import itself. Inside a transaction the list is kept with a marker appended to the
    connection's on-commit list: the list is emptied when the outermost transaction commits or
    rolls back (and cut when a savepoint rolls back), so a memo whose marker is no longer at its
    place belongs to another transaction and is read again. An endpoint saved or deleted in
    this process drops the memo (the `_forget` receiver)."""
    memo = getattr(connection, "_webhook_endpoints", None)
    on_commit = connection.run_on_commit
    if memo is not None:
        index, marker, rows = memo
        if index < len(on_commit) and on_commit[index][1] is marker:
            return rows
    rows = list(
        Endpoint.objects.filter(status=Endpoint.Status.ENABLED).values_list("pk", "event_types")
    )
    if connection.in_atomic_block:

        def marker():  # the memo's place in the on-commit list; does nothing when run
            return None

        transaction.on_commit(marker)
        connection._webhook_endpoints = (len(connection.run_on_commit) - 1, marker, rows)
    return rows


@receiver([post_save, post_delete], sender=Endpoint, dispatch_uid="webhooks_forget_endpoints")
def _forget(**kwargs) -> None:
    connection._webhook_endpoints = None


def subscribed_endpoint_ids(event_type: str) -> list[int]:
    return [pk for pk, types in _enabled_endpoints() if "*" in types or event_type in types]


def record_events(event_type: str, payloads: list[dict]) -> None:
    """record_event for many payloads of one event (hooks.emit_many): the messages and their
    deliveries in two statements whatever their number."""
    endpoint_ids = subscribed_endpoint_ids(event_type)
    if not endpoint_ids or not payloads:
        return
    now = timezone.now()
    message_ids = insert_rows(
        Message,
        ["msg_id", "event_type", "body", "occurred_at"],
        [
            (message_id_generate(), event_type,
             message_body(event_type=event_type, occurred_at=now, data=payload), now)
            for payload in payloads
        ],
        returning=True,
    )  # fmt: skip
    ids = insert_rows(
        Delivery,
        ["message_id", "endpoint_id", "status", "attempts", "next_attempt_at", "created_at"],
        [
            (message_id, pk, Delivery.Status.PENDING, 0, now, now)
            for message_id in message_ids
            for pk in endpoint_ids
        ],
        returning=True,
    )
    transaction.on_commit(lambda: _queue(ids))


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
