"""Benchmarks of the REST API (figures in docs/performance/api.md).

* Bulk upsert of 1,000 experts in one request (target < 2 s): created, sent again (all
  unchanged), and with a tenth of them changed.
* The expert list endpoint at BENCH_FACTOR scale (the data of bench/test_experts.py; 100 =
  165,000 experts): p95 < 150 ms over 30 requests per filter set, the same number of queries
  for each request.

Run: `.venv/bin/pytest bench/test_api.py -q -s` (PostgreSQL: set DATABASE_URL)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.services.keys import api_key_create
from bench.test_experts import scale_db as scale_db  # the module's scale data, seeded once
from experts.models import Specialty
from kolplatform.core.roles import Role
from tests.api.test_bulk import _items as bulk_items
from tests.factories.core import RegionFactory, UserFactory
from tests.factories.experts import InstitutionFactory

pytestmark = pytest.mark.django_db
REQUESTS = 30
ITEMS = 1000
FILTERS = [{}, {"q": "смирнов"}, {"tier": "national"}, {"city": "Казань", "consent": "yes"}]


def _client(role, scopes):
    admin = UserFactory(role=Role.ADMIN)
    _api_key, key = api_key_create(integration="bench", role=role, scopes=scopes, actor=admin)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def test_bulk_upsert_thousand_experts():
    client = _client(Role.MARKETING_MANAGER, ["experts:*"])
    institution, region = InstitutionFactory(), RegionFactory()
    Specialty.objects.get_or_create(name="Кардиология")
    client.get("/api/v1/experts/?page_size=1")  # warm up (URL conf, first queries)
    items = bulk_items(ITEMS, institution, region)
    figures, cpu = {}, {}
    for label, expected in (("created", "created"), ("again", "unchanged"), ("10% changed", None)):
        if label == "10% changed":
            for item in items[::10]:
                item["position"] = "Заведующий"
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(
            "/api/v1/experts/bulk/", {"source": "crm", "items": items}, format="json"
        )
        figures[label] = time.perf_counter() - started
        cpu[label] = time.process_time() - started_cpu
        counts = response.json()["counts"]
        if expected:
            assert counts[expected] == ITEMS, counts
        else:
            assert counts["updated"] == ITEMS // 10 and counts["unchanged"] == ITEMS * 9 // 10
    print(
        f"\nbulk upsert of {ITEMS} experts ({connection.vendor}): "
        + ", ".join(
            f"{k} {v:.2f} s (CPU of this process {cpu[k]:.2f} s)" for k, v in figures.items()
        )
    )
    assert max(figures.values()) < 2.0, figures


@pytest.mark.usefixtures("scale_db")
def test_expert_list_endpoint_at_scale():
    client = _client(Role.FIELD_STAFF, ["experts:read"])
    client.get("/api/v1/experts/")
    worst, counts = 0.0, {}
    for filters in FILTERS:
        timings = []
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/api/v1/experts/", filters)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
            counts.setdefault(str(filters), set()).add(len(queries))
        timings.sort()
        p50, p95 = timings[len(timings) // 2] * 1000, timings[int(0.95 * (len(timings) - 1))] * 1000
        print(
            f"\nGET /api/v1/experts/ {filters or 'no filters'}: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        )
        worst = max(worst, p95)
    print(f"queries per request by filter set: {counts}")
    assert all(len(c) == 1 for c in counts.values())
    assert worst < 150, f"p95 {worst:.0f} ms exceeds 150 ms"
