"""Benchmarks of the expert base (figures in docs/performance/experts.md).

* The expert list with filters at 165,000 experts (seed_scale factor 100): server time p50/p95
  over 30 requests per filter set, p95 < 150 ms, and the same number of queries for every request.
* The import of a plain CSV: rows per second through the real import task (target >= 5,000).

Run: `.venv/bin/pytest bench/test_experts.py -q -s` (PostgreSQL: set DATABASE_URL)."""

import os
import statistics
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts.models import Expert, ImportJob
from experts.services.imports import import_job_create, import_read, import_run
from kolplatform.core.roles import Role
from seed.scale.experts import seed_scale
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
FACTOR = int(os.environ.get("BENCH_FACTOR", "100"))
REQUESTS = 30
FILTERS = [
    {},
    {"q": "смирнов"},
    {"tier": "national", "sort": "name"},
    {"city": "Казань", "consent": "yes", "active": "yes"},
    {"specialty": "SPECIALTY", "region": "REGION", "sort": "-updated"},
    {"q": "иванова елена", "tier": "regional", "page": "3"},
]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def report(name, values):
    p50, p95 = statistics.median(values) * 1000, percentile(values, 95) * 1000
    print(f"\n{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(values)} requests")
    return p95


@pytest.fixture(scope="module")
def scale_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        started = time.perf_counter()
        seed_scale(factor=FACTOR, stdout=None)
        print(
            f"\nseed_scale(factor={FACTOR}): {Expert.objects.count()} experts "
            f"in {time.perf_counter() - started:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    yield


def test_expert_list_with_filters_at_scale(client, scale_db):
    from experts.models import Specialty
    from kolplatform.core.models import Region

    user = UserFactory(role=Role.FIELD_STAFF, username="bench")
    client.force_login(user)
    url = reverse("experts:list")
    specialty = str(Specialty.objects.order_by("pk").first().pk)
    region = str(Region.objects.order_by("pk").first().pk)
    client.get(url)  # warm up
    worst = 0.0
    query_counts = {}
    for filters in FILTERS:
        params = {
            k: specialty if v == "SPECIALTY" else region if v == "REGION" else v
            for k, v in filters.items()
        }
        timings = []
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
            query_counts.setdefault(str(params), set()).add(len(queries))
        worst = max(worst, report(f"list {params or 'no filters'}", timings))
    print(f"queries per request by filter set: {query_counts}")
    # Filter sets render different choice lists, but each one always runs the same queries.
    assert all(len(counts) == 1 for counts in query_counts.values())
    assert worst < 150, f"p95 {worst:.0f} ms exceeds 150 ms"


def test_import_plain_csv_throughput(scale_db):
    user = UserFactory(role=Role.MARKETING_MANAGER, username="bench-import")
    rows = 20_000
    header = "external_id;last_name;first_name;middle_name;city;email\n"
    body = "\n".join(
        f"BENCH-{i};Фамилия{i};Имя;Отчество;Москва;bench{i}@example.com" for i in range(rows)
    )
    job = import_job_create(
        source="crm", upload=SimpleUploadedFile("bench.csv", (header + body).encode()), actor=user
    )
    import_read(job_id=job.pk)  # the reading task (a no-op if it already ran on commit)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    started = time.perf_counter()
    job = import_run(job_id=job.pk)
    elapsed = time.perf_counter() - started
    rate = rows / elapsed
    print(f"\nimport of {rows} plain CSV rows: {elapsed:.2f} s, {rate:,.0f} rows/s")
    assert job.counts == {"created": rows}
    assert rate >= 5000, f"{rate:.0f} rows/s is below 5,000"
