"""A survey at a real lecture (issue 19, item 7): 200 phones behind the venue's one Wi-Fi address
answer one survey within a minute, through gunicorn (2 workers x 8 threads, a pool of at most 4
database connections per worker) on PostgreSQL. Every response is stored; nobody gets 429 or
500; the server never holds more database connections than its pools allow.

Run: DATABASE_URL=postgres://... pytest tests/feedback/test_lecture_load.py -s (prints figures).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from feedback.models import Response
from tests.feedback.conftest import valid_post
from tests.worker_fixtures import database_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="gunicorn must reach the test database"
    ),
]

BASE_DIR = Path(__file__).resolve().parents[2]
DEVICES = 200
CONCURRENCY = 50  # phones sending at the same moment
WORKERS, THREADS, POOL = 2, 8, 4
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a stored response is the answer we count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kolplatform.settings",
        "DATABASE_URL": database_url(),
        "DB_POOL_MAX_SIZE": str(POOL),
        "DEBUG": "1",
        "TESTING": "0",
        "AXES_ENABLED": "0",
    }
    log_path = tmp_path / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn", "kolplatform.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS), "--threads", str(THREADS), "--timeout", "60",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log_path)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(base: str, process, log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=10)
            return
        except OSError:  # refused while binding, or a timeout while the workers boot
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log_path.read_text()}")
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}")


def one_phone(url: str, data: dict) -> int:
    """A phone with its own cookies: opens the form, then sends it; the status of the send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(url, timeout=60).read()
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF_INPUT.search(page)[1]})
    request = urllib.request.Request(url, data=body.encode(), headers={"Referer": url})
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as exc:
        return exc.code


def count_connections(stop: threading.Event, peak: list) -> None:
    """The peak number of connections to the test database besides this sampler's."""
    with psycopg.connect(database_url().replace("postgres://", "postgresql://")) as conn:
        while not stop.is_set():
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
            peak[0] = max(peak[0], row[0])
            time.sleep(0.05)


def test_200_phones_on_one_address_answer_within_a_minute(gunicorn_server, survey):
    url = gunicorn_server + reverse("feedback:form", args=[survey.token])
    data = {k: str(v) for k, v in valid_post(survey).items()}
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=count_connections, args=(stop, peak))
    sampler.start()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        statuses = Counter(pool.map(lambda _: one_phone(url, data), range(DEVICES)))
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    stored = Response.objects.filter(survey=survey).count()
    print(
        f"\n{DEVICES} phones, one address, {CONCURRENCY} at a time, gunicorn {WORKERS}x{THREADS}, "
        f"pool {POOL}/worker: {dict(statuses)} in {elapsed:.1f} s "
        f"({DEVICES / elapsed:.1f} responses/s), {stored} stored, "
        f"peak database connections {peak[0]} (test process included)"
    )
    assert statuses == Counter({302: DEVICES})
    assert stored == DEVICES
    assert elapsed < 60
    # The server's own connections stay within its pools (+ this test process's one).
    assert peak[0] <= WORKERS * POOL + 1
