"""Celery entry points of the webhooks: thin, taking ids."""

from celery import shared_task
from django.utils import timezone

from webhooks.models import Delivery, Endpoint
from webhooks.services.delivery import delivery_attempt

SWEEP_BATCH = 1000


@shared_task(acks_late=True)
def webhook_deliver(delivery_id: int) -> str:
    """Attempt one delivery if it is due; safe to run twice (the claim lets one through)."""
    return delivery_attempt(delivery_id)


@shared_task(acks_late=True)
def webhook_sweep_due() -> int:
    """Beat, every minute: queue the deliveries that are due (a retry's time has come, or a
    queued task was lost with its worker or broker)."""
    ids = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=timezone.now(),
            endpoint__status=Endpoint.Status.ENABLED,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in ids:
        webhook_deliver.delay(pk)
    return len(ids)
