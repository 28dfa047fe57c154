"""Writing many rows at once: append-only records, import rows, plain column updates.

Django's bulk_create builds a model instance per row and compiles every value into the statement
(bulk_update adds a CASE chain per column); for tens of thousands of rows that dominates. These
writers take plain values for rows that have no signals or save() logic:

- `insert_rows`: on PostgreSQL COPY (the new keys drawn from the table's sequence beforehand, one
  query, when asked for); elsewhere (SQLite) a multi-row INSERT … RETURNING per statement-sized
  part. Rows are written in the order given.
- `update_rows`: on PostgreSQL one statement per chunk with the rows as a JSON array typed by the
  table (`jsonb_populate_recordset`); elsewhere one prepared UPDATE sent with `executemany`.

Values are Python values of the fields (dates, dicts for JSON) and are prepared for the database;
pass `prepared=True` when they already are database values (as from `column_defaults` of the
expert import).
"""

import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection, models

# Values the drivers take as they are (Django registers Decimal for SQLite); others are prepared.
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
PLAIN += (models.DecimalField, models.BooleanField, models.GenericIPAddressField)
CHUNK = 5000  # rows per UPDATE statement on PostgreSQL (bounds the size of one statement)


def model_fields(model, names: Sequence[str]) -> list[models.Field]:
    """The concrete fields of `model` named by field name, attname ("payout_id") or column."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = []
    for name in names:
        try:
            fields.append(model._meta.get_field(name))
        except models.FieldDoesNotExist:
            fields.append(by_column[name])
    return fields


def prepare_row(fields, values) -> list:
    """Database values for one row: plain values as they are, dates and JSON prepared."""
    return [
        value if value is None or isinstance(f, PLAIN) else f.get_db_prep_save(value, connection)
        for f, value in zip(fields, values, strict=True)
    ]


def insert_rows(
    model, columns: Sequence[str], rows: Sequence[Sequence], *, returning=False, prepared=False
) -> list:
    """INSERT `rows` (values in the order of `columns`) into `model`'s table; with `returning`
    the new primary keys, in the order of `rows` (else [])."""
    if not rows:
        return []
    fields = model_fields(model, columns)
    if not prepared:
        rows = [prepare_row(fields, row) for row in rows]
    pk = model._meta.pk.column if returning else ""
    table = model._meta.db_table
    names = [f.column for f in fields]
    if connection.vendor == "postgresql":
        return _copy_rows(table, names, rows, pk)
    return _insert_values(table, names, rows, pk)


def next_keys(model, count: int) -> list:
    """`count` new primary keys of `model` drawn from its sequence (PostgreSQL; one query), for
    rows written later, maybe on another connection; [] elsewhere (insert_rows returns them)."""
    if not count or connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        return _nextvals(cursor, model._meta.db_table, model._meta.pk.column, count)


def _nextvals(cursor, table: str, column: str, count: int) -> list:
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [table, column, count],
    )
    return [r[0] for r in cursor.fetchall()]


def _copy_rows(table: str, columns: list[str], rows: Sequence[Sequence], returning: str) -> list:
    qn = connection.ops.quote_name
    keys = []
    with connection.cursor() as cursor:
        if returning:
            keys = _nextvals(cursor, table, returning, len(rows))
            columns = [returning, *columns]
            rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
        sql = "COPY {} ({}) FROM STDIN".format(qn(table), ", ".join(qn(c) for c in columns))
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def _insert_values(
    table: str, columns: list[str], rows: Sequence[Sequence], returning: str
) -> list:
    qn = connection.ops.quote_name
    width = len(columns)
    per_statement = max(1, (connection.features.max_query_params or 30_000) // width)
    # bandit B608: quoted identifiers from the models; values are parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(qn(table), ", ".join(qn(c) for c in columns))  # nosec B608
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    tail = f" RETURNING {qn(returning)}" if returning else ""
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            cursor.execute(
                head + ", ".join([placeholder] * len(part)) + tail,
                [value for row in part for value in row],
            )
            if returning:
                keys.extend(r[0] for r in cursor.fetchall())
    return keys


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


def update_rows(model, field_names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """UPDATE `field_names` of `model` rows: each row is [pk, *values in field_names order].

    The caller holds the row locks (or a compare-and-swap condition of its own)."""
    if not rows:
        return
    pk = model._meta.pk
    fields = model_fields(model, field_names)
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
