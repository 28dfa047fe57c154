"""Benchmark: the checks and the registry export for 3,400 payouts (the seed client's year of
events, one payout each) must take under 5 s; the payout list at that size is timed too.

Data comes from payments/scale.py. Figures go to docs/performance/payments.md.

    .venv/bin/pytest bench/test_payments.py -q -s                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_payments \
        .venv/bin/pytest bench/test_payments.py -q -s                 # PostgreSQL
"""

import os
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from kolplatform.core.models import AuditLog, Document
from kolplatform.core.roles import Role
from payments import services
from payments.models import Payout, PayoutCheck, RegistryLine
from seed.scale.payments import seed_scale
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
PAYOUTS = 3400
LIMIT_SECONDS = 5.0


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _timed(fn):
    """(result, wall seconds, CPU seconds of this process; with SQLite that includes the
    database engine, which runs in-process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _transitions(to_state) -> int:
    return AuditLog.objects.filter(action=AuditLog.Action.TRANSITION, to_state=to_state).count()


def _assert_registry_recorded(registry):
    """Every line, move and audit record is written and both files match their SHA-256."""
    assert RegistryLine.objects.filter(registry=registry).count() == PAYOUTS
    assert Payout.objects.filter(registry=registry, status=Payout.Status.IN_REGISTRY).count() == (
        PAYOUTS
    )
    assert _transitions(Payout.Status.IN_REGISTRY) == PAYOUTS
    for document in (registry.xml_document, registry.csv_document):
        with document.file.open("rb") as f:
            assert Document.hash_bytes(f.read()) == document.sha256
    with registry.csv_document.file.open("rb") as f:
        assert len(f.read().splitlines()) == PAYOUTS + 1  # header + one line per payout


def test_checks_and_registry_export_for_3400_payouts():
    accountant = UserFactory(role=Role.FINANCE, username="bench-accountant")
    seed_scale(factor=PAYOUTS / 5000, statuses=[Payout.Status.PENDING_CHECKS])
    ids = list(Payout.objects.values_list("pk", flat=True))
    assert len(ids) == PAYOUTS

    checked, t_checks, c_checks = _timed(
        lambda: services.payouts_run_checks(payout_ids=ids, actor=accountant)
    )
    assert len(checked) == PAYOUTS
    assert Payout.objects.filter(status=Payout.Status.READY).count() == PAYOUTS
    assert PayoutCheck.objects.count() == PAYOUTS * len(PayoutCheck.Code)
    assert _transitions(Payout.Status.READY) == PAYOUTS

    # Approval happens payout by payout in the interface; the benchmark measures the batch steps.
    Payout.objects.update(status=Payout.Status.APPROVED)
    registry, t_export, c_export = _timed(
        lambda: services.registry_export(payout_ids=ids, actor=accountant)
    )
    assert registry.line_count == PAYOUTS
    _assert_registry_recorded(registry)

    client = Client()
    client.force_login(accountant)
    response, t_list, _cpu = _timed(lambda: client.get(reverse("payments:list")))
    assert response.status_code == 200

    load = os.getloadavg()[0]
    print(
        f"\n[{connection.vendor}, load {load:.1f}] {PAYOUTS} payouts: "
        f"checks {t_checks:.2f} s wall / {c_checks:.2f} s CPU, "
        f"registry export {t_export:.2f} s wall / {c_export:.2f} s CPU; "
        f"payout list page {t_list * 1000:.0f} ms"
    )
    # The target is the time the accountant waits. Run it through `heavy` (a free CPU slot): on a
    # busy machine wall time measures the queue for the CPU, which the printed load shows.
    assert t_checks + t_export < LIMIT_SECONDS
