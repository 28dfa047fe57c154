"""A real Celery worker for the tests marked `worker` (registered in tests/conftest.py).

`celery_worker_process` starts `celery -A kolplatform worker` in a subprocess against the test
database and the Redis of REDIS_URL, with a broker key prefix of its own (so no other worker can
take its tasks) and e-mail written to files in a temporary directory. It needs committed rows, so
the tests use `pytest.mark.django_db(transaction=True)`, and PostgreSQL (an SQLite test database
lives in the memory of the test process). Without REDIS_URL or PostgreSQL the test is skipped with
the reason.
"""

import email
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from kolplatform.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[1]
QUEUES = "default,pdf,notifications,webhooks"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path
    mail_dir: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30) -> None:
        """Poll `condition` until it holds; fail with the worker's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}):\n{self.log()}")
            time.sleep(0.2)
        pytest.fail(f"condition not met within {timeout}s; worker log:\n{self.log()}")

    def sent_emails(self) -> list[Message]:
        """The e-mails the worker sent (the file backend writes one .log file per connection)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk.strip()))
        return messages


def database_url() -> str:
    """A URL of the (test) database this process is connected to."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def start_worker(tmp_path: Path, prefix: str) -> WorkerProcess:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kolplatform.settings",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # four slashes: an absolute path
        "CELERY_KEY_PREFIX": prefix,
        "DEBUG": "1",
        "TESTING": "0",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "kolplatform",
        "worker",
        "--pool=solo",
        f"--queues={QUEUES}",
        f"--hostname=test-{prefix.strip(':')}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    worker = WorkerProcess(process=process, log_path=log_path, mail_dir=mail_dir)
    worker.wait_for(lambda: " ready." in worker.log(), timeout=60)
    return worker


def stop_worker(worker: WorkerProcess) -> None:
    if worker.process.poll() is None:
        worker.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()


def use_broker(*, eager: bool, transport_options: dict) -> None:
    """Point this process's Celery producer at the worker (or back to eager execution)."""
    celery_app.conf.task_always_eager = eager
    celery_app.conf.broker_transport_options = transport_options
    # The connection pool is built lazily from the options above; drop a pool built earlier.
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    # Producer pools wrap connection pools (kombu keeps them in a global registry, and eager tasks
    # acquire a producer too): drop them all so nothing acquires from the closed pool.
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Celery worker runs against Redis (set in CI)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process must see the test database")
    prefix = f"kolplatform-test-{uuid.uuid4().hex[:10]}:"
    saved = (celery_app.conf.task_always_eager, dict(celery_app.conf.broker_transport_options))
    use_broker(eager=False, transport_options={"global_keyprefix": prefix})
    worker = start_worker(tmp_path, prefix)
    try:
        yield worker
    finally:
        stop_worker(worker)
        use_broker(eager=saved[0], transport_options=saved[1])
