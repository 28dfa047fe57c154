"""kolplatform.core.bulk: the one bulk writer of the payments batches and the expert import
(COPY on PostgreSQL, multi-row INSERT elsewhere); run on both databases."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from kolplatform.core.bulk import insert_rows, update_rows
from kolplatform.core.models import AuditLog

pytestmark = pytest.mark.django_db

COLUMNS = ["created_at", "actor", "action", "object_id", "object_repr", "changes", "ip_address"]
COLUMNS += ["from_state", "to_state", "comment"]


def _row(n, actor, now):
    changes = {"n": n, "amount": str(Decimal("1.05") * n), "text": "ёж «quoted»\ttab\\"}
    row = [now, actor.pk, AuditLog.Action.UPDATE, str(n), f"row {n}", changes, "10.0.0.1"]
    return [*row, "", "", "line one\nline two"]


def test_insert_rows_writes_python_values_in_order_and_returns_keys(field_staff):
    now = timezone.now().replace(microsecond=0)
    rows = [_row(n, field_staff, now) for n in range(1, 6)]
    keys = insert_rows(AuditLog, COLUMNS, rows, returning=True)
    saved = AuditLog.objects.filter(pk__in=keys)
    assert [int(a.object_id) for a in sorted(saved, key=lambda a: keys.index(a.pk))] == [
        1,
        2,
        3,
        4,
        5,
    ]
    first = AuditLog.objects.get(pk=keys[0])
    assert first.changes == rows[0][5] and first.created_at == now
    assert first.actor_id == field_staff.pk and first.ip_address == "10.0.0.1"
    assert first.comment == "line one\nline two"


def test_insert_rows_takes_attnames_columns_and_prepared_values(field_staff):
    now = timezone.now()
    stamp = AuditLog._meta.get_field("created_at").get_db_prep_save(now, connection)
    assert insert_rows(AuditLog, ["actor_id", "action", "changes"], []) == []
    names = ["actor_id", "action", "changes", "created_at", "object_id", "object_repr"]
    names += ["from_state", "to_state", "comment"]
    keys = insert_rows(
        AuditLog,
        names,
        [[field_staff.pk, AuditLog.Action.CREATE, json.dumps({"a": 1}), stamp, "", "", "", "", ""]],
        returning=True,
        prepared=True,
    )
    saved = AuditLog.objects.get(pk=keys[0])
    assert saved.changes == {"a": 1} and saved.created_at == now


def test_insert_rows_without_returning_gives_no_keys(field_staff):
    now = timezone.now()
    before = AuditLog.objects.count()
    assert insert_rows(AuditLog, COLUMNS, [_row(n, field_staff, now) for n in range(3)]) == []
    assert AuditLog.objects.count() == before + 3


def test_update_rows_sets_the_named_fields(field_staff, finance):
    when = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC)
    update_rows(
        get_user_model(),
        ["first_name", "last_login"],
        [[field_staff.pk, "Анна", when], [finance.pk, "Boris", None]],
    )
    field_staff.refresh_from_db()
    finance.refresh_from_db()
    assert (field_staff.first_name, field_staff.last_login) == ("Анна", when)
    assert (finance.first_name, finance.last_login) == ("Boris", None)
