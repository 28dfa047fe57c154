"""Benchmarks: `make bench` (or `pytest bench -s`), against data of `manage.py seed_scale`.

The scale data is generated once per session, with FACTOR from the environment (default 1 = the
size of the seed client: 160 staff, 1,650 KOLs, 3,400 events a year; FACTOR=100 is the design
target). Each module writes bench/test_<app>.py on top of these fixtures::

    def test_expert_list(bench, staff_user):
        result = bench.measure("/experts/?q=Иван", user=staff_user, name="experts: search")
        assert result.p95_ms < 300 and result.queries <= 12

Results are printed at the end of the session and written to bench/results/<name>.json; copy the
figures you want to keep to docs/performance/<app>.md.
"""

import json
import math
import os
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kolplatform.core.models import User
from kolplatform.core.roles import Role

FACTOR = int(os.environ.get("FACTOR", "1"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Measurement:
    name: str
    url: str
    factor: int
    runs: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    queries: int
    status: int

    def line(self) -> str:
        return (
            f"{self.name:<40} p50 {self.p50_ms:7.1f} ms  p95 {self.p95_ms:7.1f} ms  "
            f"{self.queries:3d} queries  (factor {self.factor}, {self.runs} runs)"
        )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (share in 0..1)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass
class Bench:
    factor: int = FACTOR
    results: list[Measurement] = field(default_factory=list)

    def measure(
        self, url: str, *, user=None, name: str = "", runs: int = RUNS, warmup: int = 2, **extra
    ) -> Measurement:
        """GET `url` `runs` times on the test client (signed in as `user`): server-side time
        percentiles and the query count of one request. Fails unless the answer is 200."""
        client = Client()
        if user is not None:
            client.force_login(user)
        for _ in range(warmup):
            client.get(url, **extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **extra)
        query_count = len(queries)  # read now: every request clears the connection's query log
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, **extra)
            timings.append((time.perf_counter() - started) * 1000)
        result = Measurement(
            name=name or url,
            url=url,
            factor=self.factor,
            runs=runs,
            p50_ms=round(statistics.median(timings), 1),
            p95_ms=round(percentile(timings, 0.95), 1),
            max_ms=round(max(timings), 1),
            queries=query_count,
            status=response.status_code,
        )
        self.results.append(result)
        print("\n" + result.line())
        return result

    def timed(self, name: str, function, *, runs: int = RUNS) -> Measurement:
        """Time a callable (a selector, a service) the same way, without HTTP."""
        with CaptureQueriesContext(connection) as queries:
            function()
        query_count = len(queries)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            timings.append((time.perf_counter() - started) * 1000)
        result = Measurement(
            name, "", self.factor, runs, round(statistics.median(timings), 1),
            round(percentile(timings, 0.95), 1), round(max(timings), 1), query_count, 0,
        )  # fmt: skip
        self.results.append(result)
        print("\n" + result.line())
        return result


_SESSION_BENCH = Bench()


@pytest.fixture(scope="session")
def scale_data(django_db_setup, django_db_blocker):
    """Generate the scale data once per session (kept for every benchmark of the session)."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        call_command("seed_scale", factor=FACTOR)
        print(f"\nseed_scale --factor {FACTOR}: {time.monotonic() - started:.1f}s")
    return FACTOR


@pytest.fixture
def bench(scale_data, db) -> Bench:
    return _SESSION_BENCH


def user_with_role(role: str) -> User:
    """A scale user holding `role` (seed_scale creates staff of every staff role)."""
    user = User.objects.filter(groups__name=role, username__startswith="scale").first()
    assert user is not None, f"seed_scale created no {role} user"
    return user


@pytest.fixture
def staff_user(bench) -> User:
    return user_with_role(Role.MARKETING_MANAGER)


@pytest.fixture
def field_user(bench) -> User:
    return user_with_role(Role.FIELD_STAFF)


def pytest_sessionfinish(session, exitstatus):
    if not _SESSION_BENCH.results:
        return
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"bench-factor{FACTOR}-{stamp}.json"
    path.write_text(json.dumps([asdict(r) for r in _SESSION_BENCH.results], indent=1))


def pytest_terminal_summary(terminalreporter):
    if _SESSION_BENCH.results:
        terminalreporter.section(f"benchmarks (factor {FACTOR})")
        for result in _SESSION_BENCH.results:
            terminalreporter.write_line(result.line())
