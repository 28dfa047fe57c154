"""One delivery attempt: claim the delivery, sign, post, log the attempt, schedule what follows.

The claim is a conditional UPDATE of `next_attempt_at` (due now -> now + LEASE), so two workers
(a queued task and the sweeper's) never send the same delivery twice; a worker that dies leaves
the delivery due again when the lease runs out. The signature is made at each attempt (the
timestamp is the attempt's), the webhook id and the body stay those of the message.
"""

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from webhooks import retry_schedule
from webhooks.models import Attempt, Delivery, Endpoint
from webhooks.network import RefusedURL, Response, post
from webhooks.services.endpoints import endpoint_disable, secrets_in_force
from webhooks.signing import signed_headers

logger = logging.getLogger(__name__)
_random = random.SystemRandom()


def lease() -> timedelta:
    """Longer than one exchange can last, so a live attempt is never claimed twice."""
    return timedelta(seconds=settings.WEBHOOKS_TOTAL_TIMEOUT * 2 + 30)


def _claim(delivery_id: int) -> bool:
    """One UPDATE on the delivery's own row (no join: PostgreSQL re-checks a plain WHERE against
    the row a concurrent claim just wrote, but not a subquery), after the endpoint's check."""
    if not Endpoint.objects.filter(
        status=Endpoint.Status.ENABLED, deliveries__pk=delivery_id
    ).exists():
        return False
    now = timezone.now()
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + lease(), attempts=F("attempts") + 1)
    )


def _send(delivery: Delivery) -> tuple[Response | None, str, int]:
    """(response or None, error text, latency in ms)."""
    message, endpoint = delivery.message, delivery.endpoint
    headers = signed_headers(
        msg_id=message.msg_id,
        timestamp=timezone.now(),
        body=message.body,
        secrets_in_force=secrets_in_force(endpoint),
    )
    headers["content-type"] = "application/json"
    headers["user-agent"] = "kolplatform-webhooks/1"
    started = time.monotonic()
    try:
        response = post(endpoint.url, body=message.body.encode(), headers=headers)
        error = ""
    except RefusedURL as exc:
        response, error = None, str(exc)
    except Exception as exc:  # no answer: timeout, refused connection, TLS, DNS
        response, error = None, f"{type(exc).__name__}: {exc}"
    return response, error[:300], int((time.monotonic() - started) * 1000)


def delivery_attempt(delivery_id: int) -> str:
    """Attempt one delivery if it is due; returns what happened (for the task's result)."""
    if not _claim(delivery_id):
        return "not due"
    delivery = Delivery.objects.select_related("message", "endpoint").get(pk=delivery_id)
    attempted_at = timezone.now()
    response, error, latency = _send(delivery)
    return _record(delivery, attempted_at, response, error, latency)


@transaction.atomic
def _record(delivery: Delivery, attempted_at, response, error: str, latency: int) -> str:
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("endpoint")
        .get(pk=delivery.pk)
    )
    status = response.status if response else None
    body = response.body.decode("utf-8", "replace") if response else ""
    Attempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        status_code=status,
        latency_ms=latency,
        response_body=body[: settings.WEBHOOKS_RESPONSE_LOG_CHARS],
        error=error,
    )
    if delivery.status != Delivery.Status.PENDING:  # decided meanwhile (never by a 2nd claim)
        return "already decided"
    delivery.last_status_code = status
    outcome = retry_schedule.outcome_of(status)
    if outcome is retry_schedule.Outcome.SUCCESS:
        return _succeeded(delivery)
    if outcome is retry_schedule.Outcome.GONE:
        delivery.give_up()
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "next_attempt_at", "last_status_code"])
        endpoint_disable(
            endpoint=delivery.endpoint, reason=Endpoint.DisabledReason.GONE, actor=None
        )
        return "gone"
    return _failed(delivery, response)


def _succeeded(delivery: Delivery) -> str:
    now = timezone.now()
    delivery.succeed()
    delivery.delivered_at, delivery.next_attempt_at = now, None
    delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "last_status_code"])
    Endpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=False).update(
        failing_since=None
    )
    return "delivered"


def _failed(delivery: Delivery, response: Response | None) -> str:
    now = timezone.now()
    retry_after = None
    if response is not None:
        headers = {k.lower(): v for k, v in response.headers.items()}
        retry_after = retry_schedule.parse_retry_after(headers.get("retry-after"), now=now)
    delay = retry_schedule.next_delay(
        delivery.attempts, rand=_random.random(), retry_after=retry_after
    )
    if delay is None:
        delivery.give_up()
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save(update_fields=["status", "next_attempt_at", "last_status_code"])
    _endpoint_failed(delivery.endpoint_id, now)
    if delay is not None:
        _schedule(delivery.pk, delay)
    return "failed" if delay is None else "retry"


def _endpoint_failed(endpoint_id: int, now) -> None:
    Endpoint.objects.filter(pk=endpoint_id, failing_since__isnull=True).update(failing_since=now)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
    after = timedelta(days=settings.WEBHOOKS_DISABLE_AFTER_DAYS)
    if endpoint.status == Endpoint.Status.ENABLED and retry_schedule.should_disable(
        endpoint.failing_since, now=now, after=after
    ):
        endpoint_disable(endpoint=endpoint, reason=Endpoint.DisabledReason.FAILING, actor=None)


def _schedule(delivery_id: int, delay: float) -> None:
    """Short retries go to the broker with a countdown; longer ones (and every retry when tasks
    run in-process) are picked up by the sweeper when due."""
    from webhooks.tasks import webhook_deliver

    if delay > settings.WEBHOOKS_QUEUE_RETRIES_UP_TO or settings.CELERY_TASK_ALWAYS_EAGER:
        return
    transaction.on_commit(lambda: webhook_deliver.apply_async((delivery_id,), countdown=delay))
