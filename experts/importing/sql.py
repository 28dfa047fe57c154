"""Set-based helpers of the import: the database values of a new row's defaults and a cheap
"one of" condition. The rows themselves are written by kolplatform.core.bulk.insert_rows (COPY on
PostgreSQL): building a model instance per input row and letting bulk_create prepare every field
of it cost more than the database's own work."""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone


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


@contextmanager
def without_bitmap_scans():
    """PostgreSQL: plan the block's queries without bitmap scans, so that an equality on the
    expert's normalised name is answered by its btree index (expert_dedup_idx) and never by the
    trigram GIN index, which the planner may find cheaper. GIN answers `= ANY(array)` with one
    scan per element and each scan reads the index's pending list of recent inserts; an import
    adds to that list with every chunk it writes, so the name lookup of each chunk took longer
    than the one before (10,000 rows: two minutes instead of seconds). GIN has no plain index
    scan, so it is out of the plan; the setting is restored at the end of the block."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_bitmapscan'), "
            "set_config('enable_bitmapscan', 'off', true)"
        )
        previous = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [previous])
