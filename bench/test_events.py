"""Benchmark: event list with filters and the event page at 340,000 events / 1.7 M budget lines.

Run on PostgreSQL (the data persists with --reuse-db):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_events \
        .venv/bin/pytest bench/test_events.py -q -s --reuse-db
BENCH_EVENTS_FACTOR (default 100) sets the scale.
"""

import os
import statistics
import sys
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import BudgetLine, Event

FACTOR = int(os.environ.get("BENCH_EVENTS_FACTOR", "100"))
RUNS = 30


@pytest.fixture(scope="module")
def scale_data(django_db_setup, django_db_blocker):
    from events.scale import EVENTS_PER_FACTOR, seed_scale

    with django_db_blocker.unblock():
        missing = EVENTS_PER_FACTOR * FACTOR - Event.objects.count()
        if missing > 0:
            started = time.perf_counter()
            seed_scale(factor=FACTOR, stdout=sys.stdout)
            sys.stdout.write(f"seeded in {time.perf_counter() - started:.0f} s\n")
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("ANALYZE")
        yield {"events": Event.objects.count(), "lines": BudgetLine.objects.count()}


def measure(client, url, params=None):
    client.get(url, params)  # warm-up
    times, queries = [], set()
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries.add(len(ctx.captured_queries))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return p95, statistics.median(times), queries


@pytest.fixture
def manager(django_db_blocker, scale_data):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        return get_user_model().objects.filter(username__startswith="scale-owner-").first()


@pytest.mark.django_db
def test_event_list_and_page(client, scale_data, manager):
    from kolplatform.core.models import Region

    client.force_login(manager)
    region = Region.objects.first()
    event = Event.objects.filter(region=region).order_by("-pk").first()
    cases = {
        "list (no filter)": (reverse("events:list"), None),
        "list (status + region + period)": (
            reverse("events:list"),
            {
                "status": "approved",
                "region": region.pk,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            },
        ),
        "list (owner surname, page 3)": (reverse("events:list"), {"owner": "Менеджер1", "page": 3}),
        "event page": (reverse("events:detail", args=[event.pk]), None),
    }
    results = {}
    for name, (url, params) in cases.items():
        results[name] = measure(client, url, params)
    sys.stdout.write(f"\n{scale_data['events']} events, {scale_data['lines']} budget lines\n")
    for name, (p95, median, queries) in results.items():
        sys.stdout.write(
            f"{name}: p95 {p95:.1f} ms, median {median:.1f} ms, queries {sorted(queries)}\n"
        )
    for name, (p95, _median, queries) in results.items():
        assert len(queries) == 1, f"{name}: the number of queries varies"
        assert p95 < 150, f"{name}: p95 {p95:.1f} ms"
