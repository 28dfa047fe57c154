"""Writes of the analytics module: the facts refresh (per-event table, then the monthly cells
and the experts counts built from it) and the XLSX imports (stored in the request, read and
saved in a task: DataImport)."""

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, CharField, Count, F, Sum, Value
from django.db.models.functions import Cast, ExtractMonth, ExtractYear
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analytics import imports, selectors
from analytics.metrics import HELD_OR_LATER, S
from analytics.models import (
    DataImport,
    EventFact,
    EventProductLink,
    FactCell,
    FactsRefresh,
    FieldCell,
    ProductCell,
    SpeakerCount,
    SpecialtyCell,
)
from analytics.selectors import field as field_figures
from analytics.sql import refresh_facts_sql
from events.models import Participant
from field.models import PlanTarget, Visit
from kolplatform.core.audit import audit_log
from kolplatform.core.errors import DomainError
from kolplatform.core.import_files import ImportLimitError, check_size
from kolplatform.core.models import AuditLog

# (name of the dimension in FactCell.dim / SpeakerCount.dim, EventFact column)
CELL_DIMS = [("", None), *selectors.CELL_DIMS]
# PostgreSQL's working memory per sort or hash of the refresh (its transaction only).
REFRESH_WORK_MEM = "64MB"


def facts_refresh() -> FactsRefresh:
    """Rebuild the summary tables from the live view in one transaction; readers see the
    previous rows until it commits. Safe to run twice."""
    run = FactsRefresh(started_at=timezone.now())
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The refresh groups whole tables: room to hash them in memory, not on disk.
                cursor.execute(f"SET LOCAL work_mem = '{REFRESH_WORK_MEM}'")
            for sql in refresh_facts_sql():
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                # The cells are grouped from the table just rewritten: plan on its new rows.
                cursor.execute(f"ANALYZE {EventFact._meta.db_table}")
        cells_refresh()
        product_cells_refresh()
        specialty_cells_refresh()
        speaker_counts_refresh()
        field_cells_refresh()
        run.rows = EventFact.objects.count()
        run.finished_at = timezone.now()
        run.save()
    return run


def _null_int():
    return Cast(Value(None), BigIntegerField())


# The key columns of a monthly cell: the annotations `_cell_key` makes.
CELL_KEY = {"year": "c_year", "month": "c_month", "dim": "c_dim", "dim_value": "c_value"}


def _cell_key(day: str, dim: str, column: str | None) -> dict:
    """Annotations of a monthly cell's key: the year and month of `day`, the dimension's name
    and its value read from `column` (None: the "all" rows)."""
    return {
        "c_year": ExtractYear(day),
        "c_month": ExtractMonth(day),
        "c_dim": Value(dim, output_field=CharField()),
        "c_value": F(column) if column else _null_int(),
    }


def _insert_from(model, qs, columns: dict) -> None:
    """INSERT INTO model's table the rows of a values() queryset; `columns` maps the table's
    columns to the queryset's output names."""
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    target = ", ".join(q(c) for c in columns)
    source = ", ".join(q(c) for c in columns.values())
    with connection.cursor() as cursor:
        cursor.execute(
            # bandit B608: quoted identifiers from the models; values are parameters.
            f"INSERT INTO {q(model._meta.db_table)} ({target}) SELECT {source} FROM ({sql}) sub",  # nosec B608
            params,
        )


def cells_refresh() -> None:
    """FactCell from EventFact: sums per (year, month, region) for every dimension value, over
    all events and per product."""
    FactCell.objects.all().delete()
    sums = selectors.cell_aggregates()
    for dim, column in CELL_DIMS:
        for by_product in (False, True):
            qs = EventFact.objects.annotate(
                **_cell_key("starts_at", dim, column),
                c_by_product=Value(by_product, output_field=BooleanField()),
                c_product=F("product_links__product_id") if by_product else _null_int(),
            )
            qs = qs.values(
                "c_year", "c_month", "region_id", "c_dim", "c_value", "c_by_product", "c_product"
            ).annotate(c_share=selectors.cost_share_sum(by_product), **sums)  # before "total_cost"

            columns = {
                **CELL_KEY,
                "region_id": "region_id",
                "by_product": "c_by_product",
                "product_id": "c_product",
                **{name: name for name in sums},
                "cost_share": "c_share",
            }
            _insert_from(FactCell, qs.order_by(), columns)


def product_cells_refresh() -> None:
    """ProductCell from the per-product monthly cells: summed over the regions per year,
    quarter and month (see ProductCell for the dimensions kept)."""
    ProductCell.objects.all().delete()
    base = FactCell.objects.filter(by_product=True, dim__in=selectors.PRODUCT_CELL_DIMS)
    periods = [(_null_int(), _null_int()), ((F("month") + 2) / 3, _null_int()),
               (_null_int(), F("month"))]  # fmt: skip
    for quarter, month in periods:
        qs = (
            base.annotate(c_quarter=quarter, c_month=month)
            .values("year", "c_quarter", "c_month", "dim", "dim_value", "product_id")
            .annotate(c_events=Sum("events"), c_held=Sum("held"), c_cost=Sum("cost_share"))
        )
        columns = {
            "year": "year",
            "quarter": "c_quarter",
            "month": "c_month",
            "dim": "dim",
            "dim_value": "dim_value",
            "product_id": "product_id",
            "events": "c_events",
            "held": "c_held",
            "cost_share": "c_cost",
        }
        _insert_from(ProductCell, qs.order_by(), columns)


def specialty_cells_refresh() -> None:
    """SpecialtyCell from EventFact and the participants: those who attended the events held
    (or later) per (year, month, region), dimension value and specialty."""
    SpecialtyCell.objects.all().delete()
    base = EventFact.objects.filter(
        status__in=HELD_OR_LATER, event__participants__status=Participant.Status.ATTENDED
    )
    dims = [(name, column) for name, column in CELL_DIMS if name in selectors.PRODUCT_CELL_DIMS]
    for dim, column in dims:
        qs = base.annotate(
            **_cell_key("starts_at", dim, column), c_specialty=F("event__participants__specialty")
        )
        qs = qs.values(*CELL_KEY.values(), "region_id", "c_specialty")
        qs = qs.annotate(c_n=Count("event__participants__id"))
        columns = {
            **CELL_KEY,
            "region_id": "region_id",
            "specialty": "c_specialty",
            "participants": "c_n",
        }
        _insert_from(SpecialtyCell, qs.order_by(), columns)


# Temporary tables of the experts counts refresh: the (event, speaker) rows of the events not
# cancelled with the event's month and dimension columns, then the distinct (month, region,
# dimension value, speaker) rows the counts are grouped from.
SPEAKER_EVENTS = "analytics_refresh_speaker_events"
SPEAKER_ROWS = "analytics_refresh_speaker_rows"


def speaker_counts_refresh() -> None:
    """SpeakerCount from EventFact and the programme items: distinct speakers of the events
    not cancelled, per period (year / quarter / month), region scope and dimension value.
    The events are joined to their speakers once; every count is grouped from the distinct
    rows gathered from that join per dimension."""
    SpeakerCount.objects.all().delete()
    dim_columns = [column for _, column in selectors.CELL_DIMS]
    events = (
        EventFact.objects.exclude(status=S.CANCELLED)
        .filter(event__program_items__speaker_id__isnull=False)
        .annotate(
            c_year=ExtractYear("starts_at"),
            c_month=ExtractMonth("starts_at"),
            c_speaker=F("event__program_items__speaker_id"),
        )
        .values("event_id", "c_year", "c_month", "region_id", *dim_columns, "c_speaker")
        .order_by()
    )
    sql, params = events.query.sql_with_params()
    q = connection.ops.quote_name
    ev, rows = q(SPEAKER_EVENTS), q(SPEAKER_ROWS)
    links = q(EventProductLink._meta.db_table)
    # (dimension, its value's column, the join that brings it); "" = all events
    dims = [
        ("", "CAST(NULL AS bigint)", ""),
        ("product", "pl.product_id", f"LEFT JOIN {links} pl ON pl.event_id = ev.event_id"),
        *((name, f"ev.{column}", "") for name, column in selectors.CELL_DIMS),
    ]
    # bandit B608 (this function): constant names and fragments; values are parameters.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ev}")  # nosec B608
        cursor.execute(f"DROP TABLE IF EXISTS {rows}")  # nosec B608
        # Integer year and month (PostgreSQL's EXTRACT gives numeric): the quarter is their
        # integer division.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {ev} AS SELECT event_id, CAST(c_year AS integer) AS c_year,"  # nosec B608
            f" CAST(c_month AS integer) AS c_month, region_id, {', '.join(dim_columns)},"
            f" c_speaker FROM ({sql}) sub",
            params,
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {rows} (c_year integer, c_month integer, region_id bigint,"
            " c_dim varchar(20), c_value bigint, c_speaker bigint)"
        )
        for dim, value, join in dims:
            cursor.execute(
                f"INSERT INTO {rows} SELECT DISTINCT ev.c_year, ev.c_month, ev.region_id, %s,"  # nosec B608
                f" {value}, ev.c_speaker FROM {ev} ev {join}",
                [dim],
            )
        _speaker_counts_insert(cursor, rows)
        cursor.execute(f"DROP TABLE {rows}")  # nosec B608
        cursor.execute(f"DROP TABLE {ev}")  # nosec B608


def _speaker_counts_insert(cursor, rows: str) -> None:
    """SpeakerCount rows grouped from the distinct (month, region, dimension value, speaker) rows
    of the temporary table `rows`: per year, quarter and month, per region and for all regions.
    bandit B608: constant names and fragments; values are parameters."""
    q = connection.ops.quote_name
    # (quarter, month) of a year, a quarter, a month
    periods = [("NULL", "NULL"), ("(c_month + 2) / 3", "NULL"), ("NULL", "c_month")]
    target = ", ".join(
        q(c)
        for c in ("year", "quarter", "month", "all_regions", "region_id", "dim", "dim_value",
                  "experts")
    )  # fmt: skip
    for quarter, month in periods:
        for all_regions in (True, False):
            region = "NULL" if all_regions else "region_id"
            keys = [k for k in ("c_year", quarter, month, region) if k != "NULL"]
            # The rows are distinct per month and region: there they count as they are.
            experts = (
                "COUNT(*)" if len(keys) == 3 and month != "NULL" else "COUNT(DISTINCT c_speaker)"
            )
            cursor.execute(
                f"INSERT INTO {q(SpeakerCount._meta.db_table)} ({target})"  # nosec B608
                f" SELECT c_year, {quarter}, {month}, %s, {region}, c_dim, c_value,"
                f" {experts} FROM {rows} GROUP BY {', '.join(keys)}, c_dim, c_value",
                [all_regions],
            )


def field_cells_refresh() -> None:
    """FieldCell from the visits (by the month they are scheduled in) and the plan targets (by
    the month their plan starts in): sums per (year, month, region of the institution) for all
    reps and for every dimension value."""
    FieldCell.objects.all().delete()
    sources = [
        (
            Visit.objects.filter(scheduled_on__isnull=False),
            "scheduled_on",
            field_figures.VISIT_DIMS,
            field_figures.visit_sums(),
        ),
        (
            PlanTarget.objects.all(),
            "plan__starts_on",
            field_figures.TARGET_DIMS,
            field_figures.target_sums(),
        ),  # fmt: skip
    ]
    for base, day, dims, sums in sources:
        for dim, column in [("", None), *dims]:
            qs = base.annotate(**_cell_key(day, dim, column), c_region=F("institution__region_id"))
            if column:  # a visit without a manager or a product is in the "all" rows only
                qs = qs.filter(c_value__isnull=False)
            qs = qs.values(*CELL_KEY.values(), "c_region").annotate(**sums)
            columns = {**CELL_KEY, "region_id": "c_region", **{name: name for name in sums}}
            _insert_from(FieldCell, qs.order_by(), columns)


class DataImportError(DomainError):
    """The upload is refused before reading (size, type); the message is for the user."""


@transaction.atomic
def data_import_create(*, kind: str, upload, actor) -> DataImport:
    """Store the upload and queue reading and saving it (on commit): the request checks only the
    size, so a huge workbook never holds a web worker; the task reads it with the limits."""
    # The task module imports this one at its top (a thin task over this service).
    from analytics.tasks import data_import_run_task

    data = upload.read(imports.MAX_BYTES + 1)
    try:
        check_size(len(data), max_bytes=imports.MAX_BYTES)
    except ImportLimitError as exc:
        raise DataImportError(str(exc)) from exc
    job = DataImport(kind=kind, original_name=upload.name[:255], created_by=actor)
    job.file.save(upload.name, ContentFile(data), save=False)
    job.save()
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=job, changes={"bytes": len(data)})
    transaction.on_commit(lambda: data_import_run_task.delay(job.pk))
    return job


def data_import_run(*, import_id: int) -> DataImport:
    """Read the file (rows counted on the job for the page) and save every row or none.
    Idempotent: only a job still reading is run, under its row lock, in the saving transaction."""
    job = DataImport.objects.select_related("created_by").get(pk=import_id)
    if not job.is_reading:
        return job
    columns, save_row = imports.importer_for(job.kind)

    def progress(rows: int) -> None:
        DataImport.objects.filter(pk=job.pk).update(read_rows=rows)

    with translation.override(job.created_by.language):  # messages for the uploader
        try:
            with job.file.open("rb") as fh:
                rows = list(imports.read_rows(fh, columns, progress))
        except imports.RowError as exc:
            rows, failure = [], imports.ImportResult(errors=[(1, str(exc))])
        except Exception:  # a broken reader or the time limit: the page must not poll forever
            unread = imports.ImportResult(errors=[(1, _("The file cannot be read."))])
            _data_import_save(import_id, [], save_row, unread)
            raise
        else:
            failure = None
        return _data_import_save(import_id, rows, save_row, failure)


def _data_import_save(import_id: int, rows, save_row, failure) -> DataImport:
    """Save the rows (or record the failure) under the job's row lock, once."""
    with transaction.atomic():
        job = DataImport.objects.select_for_update().get(pk=import_id)
        if not job.is_reading:
            return job
        result = failure or imports.save_rows(rows, save_row)
        job.status = DataImport.Status.DONE if result.ok else DataImport.Status.FAILED
        job.created, job.updated, job.errors = result.created, result.updated, result.errors
        job.read_rows = len(rows) if failure is None else job.read_rows
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "created", "updated", "errors", "read_rows",
                                "finished_at"])  # fmt: skip
        audit_log(
            actor=job.created_by,
            action=AuditLog.Action.UPDATE,
            obj=job,
            to_state=job.status,
            changes={"created": job.created, "updated": job.updated, "errors": len(job.errors)},
        )
    return job
