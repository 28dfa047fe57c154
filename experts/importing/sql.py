"""Set-based helpers of the import: the database values of a new row's defaults and a cheap
"one of" condition. The rows themselves are written by kolplatform.core.bulk.insert_rows (COPY on
PostgreSQL): building a model instance per input row and letting bulk_create prepare every field
of it cost more than the database's own work."""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, CharField, Q, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from experts.models import Expert


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
    """A filter() condition "`field` is one of `values`". On PostgreSQL `IN (SELECT
    unnest(%s))` with one array parameter: an IN list of 1,000 placeholders costs the driver more
    than the lookup, and `= ANY(%s)` on search_name is planned on its trigram GIN index, which
    answers a thousand equalities in tens of seconds; the semi-join takes the btree index (or a
    hash join) and answers in milliseconds."""
    values = list(values)
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    qn = connection.ops.quote_name
    model_field = model._meta.get_field(field)
    column = f"{qn(model._meta.db_table)}.{qn(model_field.column)}"
    element = "text" if isinstance(model_field, CharField | TextField) else "bigint"
    # bandit B611: the column and the type come from the model; the values are one parameter.
    return RawSQL(
        f"{column} IN (SELECT unnest(%s::{element}[]))",  # nosec B611
        [values],
        output_field=BooleanField(),
    )


@contextmanager
def without_bitmap_scans():
    """PostgreSQL: plan the block's queries without bitmap scans, so that a lookup by the expert's
    normalised name is answered by its btree index (expert_dedup_idx) and never by the trigram GIN
    index. The planner may prefer GIN even for the semi-join of `field_in` once the statistics
    move (seen after repeated imports on 165,000 experts: 1.4 s per 1,000 names instead of 3 ms):
    GIN answers each name with a scan that reads the index's pending list of recent inserts, which
    grows with every chunk an import writes. GIN has no plain index scan, so it leaves the plan;
    the setting is local to the block's transaction and restored at its end."""
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


def people_at(id_field: str, pairs: set[tuple[str, int]], without_institution: set[str]):
    """(pk, search_name, institution_id, `id_field`) of the unmerged experts with one of the
    (normalised name, institution id) `pairs`, or with a name of `without_institution` and no
    institution; by id. On PostgreSQL one statement whose pairs the dedup index (search_name,
    institution_id) answers, with bitmap scans off so the trigram index is never used."""
    if not pairs and not without_institution:
        return []
    columns = ("pk", "search_name", "institution_id", id_field)
    if connection.vendor != "postgresql":
        names = {n for n, _ in pairs} | without_institution
        rows = Expert.objects.filter(search_name__in=names, merged_into__isnull=True)
        return [
            r
            for r in rows.order_by("pk").values_list(*columns)
            if (r[1], r[2]) in pairs or (r[2] is None and r[1] in without_institution)
        ]
    qn = connection.ops.quote_name
    table, column = qn(Expert._meta.db_table), qn(Expert._meta.get_field(id_field).column)
    names, ids = [n for n, _ in pairs], [i for _, i in pairs]
    # bandit B608: the column comes from the model; the values are parameters.
    sql = f"""
        SELECT e.id, e.search_name, e.institution_id, e.{column} FROM {table} e
        JOIN unnest(%s::text[], %s::bigint[]) AS p(name, institution)
          ON e.search_name = p.name AND e.institution_id = p.institution
        WHERE e.merged_into_id IS NULL
        UNION ALL
        SELECT e.id, e.search_name, e.institution_id, e.{column} FROM {table} e
        WHERE e.search_name IN (SELECT unnest(%s::text[])) AND e.institution_id IS NULL
          AND e.merged_into_id IS NULL
        ORDER BY 1
    """  # nosec B608
    with without_bitmap_scans(), connection.cursor() as cursor:
        cursor.execute(sql, [names, ids, list(without_institution)])
        return cursor.fetchall()
