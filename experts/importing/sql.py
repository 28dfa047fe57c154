"""Set-based writes of the import: plain tuples written in bulk, no model instances.

Building a model instance per input row and letting bulk_create prepare every field of it cost
more than the database's own work; the import knows its columns and values. On PostgreSQL the
rows go through COPY (the ids drawn from the table's sequence beforehand, one query): a multi-row
INSERT with tens of thousands of placeholders spends seconds in the driver just splitting the
query text. Elsewhere (SQLite) a multi-row INSERT … RETURNING per statement-sized part."""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone


def insert_rows(table: str, columns: list[str], rows: list[tuple], *, returning: str = "") -> list:
    """Insert `rows` (tuples in the order of `columns`); with `returning` (the primary key
    column) the new keys, in the order of `rows`."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy_rows(table, list(columns), rows, returning)
    return _insert_values(table, list(columns), rows, returning)


def _copy_rows(table: str, columns: list[str], rows: list[tuple], returning: str) -> list:
    qn = connection.ops.quote_name
    keys = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, returning, len(rows)],
            )
            keys = [r[0] for r in cursor.fetchall()]
            columns = [returning, *columns]
            rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
        sql = "COPY {} ({}) FROM STDIN".format(qn(table), ", ".join(qn(c) for c in columns))
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def _insert_values(table: str, columns: list[str], rows: list[tuple], returning: str) -> list:
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


def column_defaults(model) -> dict[str, object]:
    """Database values of every concrete column but the primary key: the field's default,
    the current time for auto_now/auto_now_add fields."""
    now = timezone.now()
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        auto_now = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if auto_now else field.get_default()
        defaults[field.column] = field.get_db_prep_save(value, connection)
    return defaults


def field_in(model, field: str, values) -> Q | RawSQL:
    """A filter() condition "`field` is one of `values`". On PostgreSQL `= ANY(%s)` with one
    array parameter: an IN list of 1,000 placeholders costs the driver more than the lookup."""
    values = list(values)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    qn = connection.ops.quote_name
    column = f"{qn(model._meta.db_table)}.{qn(model._meta.get_field(field).column)}"
    # bandit B611: the column comes from the model; the values are one parameter.
    return RawSQL(f"{column} = ANY(%s)", [values], output_field=BooleanField())  # nosec B611
