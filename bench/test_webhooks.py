"""Webhook fan-out: 10,000 domain events (BENCH_WEBHOOK_EVENTS) delivered to a real local
receiver, none lost and none doubled.

The events are emitted in transactions of 500 (the outbox rows commit with them); the queued
tasks are dropped on purpose (tasks do not run in-process here and nothing consumes the broker),
so every delivery is found by the sweeper's query, as after a broker or worker outage. WORKERS
threads then deliver concurrently, each taking the due deliveries in its own order, so the same
delivery is often attempted by two workers at once: the claim must let exactly one through.
PostgreSQL recommended (SQLite serialises the writers): DATABASE_URL=postgres://.../kol_bench.
"""

import os
import random
import threading
import time

import pytest
from django.db import connection, transaction

from kolplatform.core import hooks
from tests.webhooks.receiver import start_receiver
from webhooks.models import Delivery
from webhooks.services.delivery import delivery_attempt
from webhooks.services.endpoints import endpoint_create
from webhooks.tasks import SWEEP_BATCH

EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "10000"))
WORKERS = int(os.environ.get("BENCH_WEBHOOK_WORKERS", "4"))
BATCH = 500


def _worker(seed: int, errors: list) -> None:
    rng = random.Random(seed)
    try:
        while True:
            ids = list(
                Delivery.objects.filter(status=Delivery.Status.PENDING)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:SWEEP_BATCH]
            )
            if not ids:
                return
            rng.shuffle(ids)
            for pk in ids:
                delivery_attempt(pk)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_webhook_fan_out_none_lost_none_doubled(settings, admin_user):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no countdown retries: nothing should fail here
    from kolplatform.celery import app

    receiver = start_receiver()
    endpoint_create(actor=admin_user, url=receiver.url, event_types=["*"])
    started = time.perf_counter()
    app.conf.task_always_eager = False  # queued tasks go to a broker nobody consumes
    try:
        for first in range(0, EVENTS, BATCH):
            with transaction.atomic():
                for n in range(first, min(first + BATCH, EVENTS)):
                    hooks.emit("expert.updated", expert_id=n, actor_id=None, fields=["city"])
    finally:
        app.conf.task_always_eager = True
    emitted = time.perf_counter() - started
    assert Delivery.objects.count() == EVENTS

    errors: list = []
    threads = [threading.Thread(target=_worker, args=(i, errors)) for i in range(WORKERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    delivered = time.perf_counter() - started
    receiver.close()

    assert errors == []
    ids = [r.headers["webhook-id"] for r in receiver.received]
    expert_ids = sorted(
        int(r.body.split(b'"expert_id":')[1].split(b",")[0]) for r in receiver.received
    )
    assert len(ids) == EVENTS, "doubled or lost"
    assert len(set(ids)) == EVENTS, "a message was delivered twice"
    assert expert_ids == list(range(EVENTS)), "an event was lost"
    assert Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == EVENTS
    print(
        f"\nwebhooks: {EVENTS} events on {connection.vendor}: outbox written in {emitted:.1f} s "
        f"({EVENTS / emitted:.0f}/s); delivered by {WORKERS} workers in {delivered:.1f} s "
        f"({EVENTS / delivered:.0f}/s); received {len(ids)}, unique {len(set(ids))}"
    )
