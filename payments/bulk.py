"""Writing many rows at once: the check, audit and registry-line records and the results of a check
run over thousands of payouts.

Django's bulk_create and bulk_update compile every value of every row into the statement (and
bulk_update a CASE chain per column); for the tens of thousands of rows of a batch that dominates.
These rows are append-only records or plain column updates with no signals or save() logic, so
sending the values as data is equivalent:

- PostgreSQL: the rows travel as one JSON array per statement and the server turns each element
  into a row of the table's own type (`jsonb_populate_record`), so a batch is one statement
  whatever its size, typed by the table, in the order given;
- other databases (SQLite, in-process): one prepared statement sent with `executemany`.
"""

import json
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection, models

# Values the drivers take as they are (Django registers Decimal for SQLite); others are prepared.
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
PLAIN += (models.DecimalField, models.BooleanField, models.GenericIPAddressField)
CHUNK = 5000  # rows per statement on PostgreSQL (bounds the size of one statement)


def prepare_row(fields, values) -> list:
    """Database values for one row: plain values as they are, dates and JSON prepared."""
    return [
        value if value is None or isinstance(f, PLAIN) else f.get_db_prep_save(value, connection)
        for f, value in zip(fields, values, strict=True)
    ]


def _json_value(value):
    """Exact text for what JSON has no type for (the column's type reads it back)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be sent as a row value")


def _json_rows(fields, rows) -> list[str]:
    """The rows as JSON arrays of objects keyed by column, CHUNK rows each."""
    columns = [f.column for f in fields]
    return [
        json.dumps(
            [dict(zip(columns, row, strict=True)) for row in rows[start : start + CHUNK]],
            default=_json_value,
            ensure_ascii=False,
        )
        for start in range(0, len(rows), CHUNK)
    ]


def _fields(model, field_names):
    return [model._meta.get_field(name) for name in field_names]


def insert_rows(model, field_names: list[str], rows: list[list]) -> None:
    """INSERT `rows` (values in `field_names` order, attnames for foreign keys) into `model`."""
    if not rows:
        return
    fields = _fields(model, field_names)
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                # bandit B608: quoted identifiers from the models; values are parameters.
                f"INSERT INTO {table} ({columns}) SELECT {columns} "  # nosec B608
                f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS e(value, n), "
                f"jsonb_populate_record(NULL::{table}, e.value) AS v ORDER BY e.n"
            )
            for chunk in _json_rows(fields, rows):
                cursor.execute(sql, [chunk])
            return
        placeholders = ", ".join(["%s"] * len(fields))
        # bandit B608: quoted identifiers from the models; values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # nosec B608
        cursor.executemany(sql, [prepare_row(fields, row) for row in rows])


def update_rows(model, field_names: list[str], rows: list[list]) -> None:
    """UPDATE `field_names` of `model` rows: each row is [pk, *values in field_names order].

    The caller holds the row locks (or a compare-and-swap condition of its own)."""
    if not rows:
        return
    pk = model._meta.pk
    fields = _fields(model, field_names)
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sets = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
            sql = (
                # bandit B608: quoted identifiers from the models; values are parameters.
                f"UPDATE {table} SET {sets} FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb)"  # nosec B608
                f" AS v WHERE {table}.{qn(pk.column)} = v.{qn(pk.column)}"
            )
            for chunk in _json_rows([pk, *fields], rows):
                cursor.execute(sql, [chunk])
            return
        sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        # bandit B608: quoted identifiers from the models; values are parameters.
        sql = f"UPDATE {table} SET {sets} WHERE {qn(pk.column)} = %s"  # nosec B608
        cursor.executemany(sql, [[*prepare_row(fields, row[1:]), row[0]] for row in rows])


def audit_rows(*, actor, entries) -> None:
    """Status-change audit records, the fields of core.audit.audit_transition, for many objects.

    `entries`: (obj, from_state, to_state, comment) tuples.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from kolplatform.core.models import AuditLog

    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    fields = ["created_at", "actor", "action", "content_type", "object_id", "object_repr"]
    fields += ["from_state", "to_state", "changes", "comment", "ip_address"]
    insert_rows(
        AuditLog,
        fields,
        [
            [
                now,
                actor_id,
                AuditLog.Action.TRANSITION,
                ContentType.objects.get_for_model(obj).pk,
                str(obj.pk),
                str(obj)[:300],
                from_state,
                to_state,
                {},
                comment,
                None,
            ]
            for obj, from_state, to_state, comment in entries
        ],
    )
