"""Two (here fifty) accountants approving and exporting the same payouts at the same moment make
exactly one approval and one registry line per payout (PostgreSQL row locks + compare-and-swap)."""

import contextlib
import threading
from collections import Counter

import pytest
from django.db import connection

from kolplatform.core.models import ApprovalDecision, AuditLog
from payments import services
from payments.models import Payout, RegistryLine
from tests.factories.payments import signed_act

THREADS = 50
PAYOUTS = 5

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL; SQLite serialises all writes",
    ),
]


def _race(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = Counter()
    lock = threading.Lock()

    def run(*args):
        try:
            barrier.wait()
            target(*args)
            result = "ok"
        except services.PayoutError:
            result = "refused"
        except Exception as exc:
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_fifty_accountants_one_payment_each(make_user):
    accountants = [make_user("finance", username=f"acc{i}") for i in range(THREADS)]
    payouts = [
        services.payout_create_from_act(act=signed_act(), actor=accountants[0])
        for _ in range(PAYOUTS)
    ]
    assert {p.status for p in payouts} == {Payout.Status.READY}

    def approve_all(user):
        for p in payouts:
            with contextlib.suppress(services.PayoutError):
                services.payout_approve(payout=p, actor=user)

    approvals = _race(approve_all, [(u,) for u in accountants])
    assert approvals == {"ok": THREADS}
    assert ApprovalDecision.objects.count() == PAYOUTS
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.APPROVED}
    approved_audits = AuditLog.objects.filter(
        content_type__model="payout", to_state=Payout.Status.APPROVED
    )
    assert approved_audits.count() == PAYOUTS

    ids = [p.pk for p in payouts]
    exports = _race(
        lambda user: services.registry_export(payout_ids=ids, actor=user),
        [(u,) for u in accountants],
    )
    assert exports == {"ok": 1, "refused": THREADS - 1}
    lines = Counter(RegistryLine.objects.values_list("payout_id", flat=True))
    assert lines == dict.fromkeys(ids, 1)
    assert set(Payout.objects.values_list("status", flat=True)) == {Payout.Status.IN_REGISTRY}
