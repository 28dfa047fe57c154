"""Guarantees only PostgreSQL gives: the audit trigger and row locks under concurrency."""

import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from kolplatform.core.approvals import ApprovalError, approval_decide
from kolplatform.core.audit import audit_log
from kolplatform.core.models import ApprovalDecision, ApprovalRequest, AuditLog
from kolplatform.core.roles import Role
from tests.testapp.services import widget_submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="needs PostgreSQL (set DATABASE_URL=postgres://...): trigger and row locks",
    ),
]


@pytest.fixture
def audit_row(db, compliance):
    return audit_log(actor=compliance, action=AuditLog.Action.EXPORT, comment="отчёт")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditlog SET comment = 'подделка' WHERE id = %s",
        "DELETE FROM core_auditlog WHERE id = %s",
    ],
)
def test_raw_update_or_delete_of_an_audit_row_fails(audit_row, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [audit_row.pk])
    audit_row = AuditLog.objects.get(pk=audit_row.pk)
    assert audit_row.comment == "отчёт"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_on_one_step_record_one(widget_route, widget, marketing_manager):
    from tests.factories.core import UserFactory

    deciders = [UserFactory(role=Role.APPROVER, username=f"approver{i}") for i in range(2)]
    widget, request = widget_submit(widget=widget, actor=marketing_manager)
    step = request.current_step
    barrier = threading.Barrier(len(deciders))
    outcomes = []

    def decide(user):
        try:
            barrier.wait(timeout=10)
            approval_decide(request=request, actor=user, approve=True, step=step)
            outcomes.append("decided")
        except ApprovalError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(u,)) for u in deciders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["decided", "refused"]
    assert ApprovalDecision.objects.filter(request=request, step=step).count() == 1
    assert ApprovalRequest.objects.get(pk=request.pk).status == ApprovalRequest.Status.APPROVED
