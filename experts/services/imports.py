"""Imports: upload -> read -> mapping -> dry run -> run -> error report.

The request only stores the upload; reading the file (with the row and size limits checked
while reading), the dry run and the run are Celery tasks. Progress (rows read, rows imported)
is stored on the ImportJob row as the task goes, so a page polling the job sees it move both
with a real worker and when tasks run eagerly.
"""

import csv
import io
from collections import Counter

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from experts.errors import ImportFileError
from experts.importing.planner import Planner
from experts.importing.reader import MAX_BYTES, Table, check_upload, read_table
from experts.importing.rows import auto_mapping, check_mapping
from experts.models import ImportJob, ImportRow
from experts.services.import_pipeline import ChunkWriter
from kolplatform.core.audit import audit_log
from kolplatform.core.exports import csv_writer
from kolplatform.core.models import AuditLog

CHUNK = 1000
PREVIEW_PROBLEMS = 200
Outcome = ImportRow.Outcome


@transaction.atomic
def import_job_create(*, source: str, upload, actor) -> ImportJob:
    """Store the upload and queue reading it (on commit): the request checks only the size and
    the type, so a huge file never holds a web worker; the task reads it with the limits."""
    # The task module imports this one at its top (a thin task over this service).
    from experts.tasks import import_read_task

    data = upload.read(MAX_BYTES + 1)  # a larger file is refused by check_upload
    check_upload(data, upload.name)
    job = ImportJob(
        source=source,
        original_name=upload.name[:255],
        status=ImportJob.Status.READING,
        created_by=actor,
    )
    job.file.save(upload.name, ContentFile(data), save=False)
    job.save()
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=job, changes={"bytes": len(data)})
    transaction.on_commit(lambda: import_read_task.delay(job.pk))
    return job


def import_check_request(*, job: ImportJob, mapping: dict, actor) -> ImportJob:
    """Save the mapping and queue the dry run (on commit); only an uploaded or checked job."""
    # The task module imports this one at its top (a thin task over this service).
    from experts.tasks import import_read_task

    with transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED):
            raise ImportFileError(_("This import has already been started."))
        if errors := check_mapping(mapping, job.headers):
            raise ImportFileError(" ".join(errors))
        job.mapping, job.status, job.error = mapping, ImportJob.Status.CHECKING, ""
        job.save(update_fields=["mapping", "status", "error"])
        transaction.on_commit(lambda: import_read_task.delay(job.pk))
    return job


def import_read(*, job_id: int) -> ImportJob:
    """Read the stored file in a task: the header, the rows counted while reading (the page
    polls the count) and, for a dry run, the planned outcomes. Idempotent: only a job that is
    reading or checking is read, and the result is written only if it still is."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.is_reading:
        return job
    checking = job.status == ImportJob.Status.CHECKING
    still_reading = ImportJob.objects.filter(pk=job.pk, status=job.status)
    try:
        with translation.override(job.created_by.language):  # messages for the uploader
            fields = _read_result(job, checking=checking)
    except ImportFileError as exc:
        fields = _read_error(str(exc), checking=checking)
    except Exception:
        with translation.override(job.created_by.language):
            message = _("The file cannot be read.")
        still_reading.update(**_read_error(message, checking=checking))
        raise
    still_reading.update(**fields)
    job.refresh_from_db()
    return job


def _read_error(message: str, *, checking: bool) -> dict:
    """A refused file fails the job (the user uploads another); a failed dry run returns the job
    to the mapping step with the message."""
    if checking:
        return {"status": ImportJob.Status.UPLOADED, "error": message[:2000]}
    return {
        "status": ImportJob.Status.FAILED,
        "error": message[:2000],
        "finished_at": timezone.now(),
    }


def _read_result(job: ImportJob, *, checking: bool) -> dict:
    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(read_rows=rows)

    fields = {}
    if job.table:
        table = _stored_table(job)
    else:
        with job.file.open("rb") as fh:
            table = read_table(fh.read(), job.original_name, progress)
        if table.encoding == "xlsx":
            fields["table"] = _store_table(job, table)
    rows = _numbered(table)
    fields |= {"headers": table.headers, "encoding": table.encoding, "read_rows": len(table.rows)}
    fields |= {"total_rows": len(rows), "error": ""}
    if not checking:
        return fields | {
            "mapping": auto_mapping(table.headers),
            "status": ImportJob.Status.UPLOADED,
        }
    if errors := check_mapping(job.mapping, table.headers):
        raise ImportFileError(" ".join(errors))
    preview = _plan_preview(job, table, rows)
    return fields | {"preview": preview, "status": ImportJob.Status.PREVIEWED}


def _store_table(job: ImportJob, table: Table) -> str:
    """Keep a workbook's rows as read (CSV, UTF-8) beside it: parsing a workbook costs more than
    the rest of its import, and the dry run and the run would parse it again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    name = job.table.field.generate_filename(job, f"{job.file.name.rsplit('/', 1)[-1]}.rows.csv")
    return job.table.storage.save(name, ContentFile(buffer.getvalue().encode("utf-8")))


def _stored_table(job: ImportJob) -> Table:
    with job.table.open("rb") as fh:
        rows = list(csv.reader(io.StringIO(fh.read().decode("utf-8"), newline="")))
    return Table(headers=rows[0], rows=rows[1:], encoding=job.encoding)


def _load(job: ImportJob):
    if job.table:
        table = _stored_table(job)
    else:
        with job.file.open("rb") as fh:
            table = read_table(fh.read(), job.original_name)
    errors = check_mapping(job.mapping, table.headers)
    if errors:
        raise ImportFileError(" ".join(errors))
    return table


def _numbered(table):
    # Row numbers as a spreadsheet shows them: the header is row 1.
    return [(i + 2, r) for i, r in enumerate(table.rows) if any(r)]


def _plan_preview(job: ImportJob, table, rows) -> dict:
    """Dry run: plan every row, write nothing; counts and the first problem rows (as data, kept
    on the job for the page)."""
    planner = Planner(source=job.source, headers=table.headers, mapping=job.mapping)
    counts, problems = Counter(), []
    for start in range(0, len(rows), CHUNK):
        for p in planner.plan(rows[start : start + CHUNK]):
            counts[p.outcome] += 1
            if p.outcome in (Outcome.FAILED, Outcome.SKIPPED) and len(problems) < PREVIEW_PROBLEMS:
                problems.append(
                    {"row": p.row.number, "outcome": p.outcome, "column": p.column,
                     "message": str(p.message)}
                )  # fmt: skip
    return {"counts": dict(counts), "problems": problems, "total": len(rows)}


def import_start(*, job: ImportJob, actor) -> ImportJob:
    """Queue the import task (on commit); only an uploaded or previewed job starts."""
    # The task module imports this one at its top (a thin task over this service).
    from experts.tasks import import_run_task

    with transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED):
            raise ImportFileError(_("This import has already been started."))
        if check_mapping(job.mapping, job.headers):
            raise ImportFileError(" ".join(check_mapping(job.mapping, job.headers)))
        job.status = ImportJob.Status.QUEUED
        job.save(update_fields=["status"])
        transaction.on_commit(lambda: import_run_task.delay(job.pk))
    return job


def import_run(*, job_id: int) -> ImportJob:
    """Execute the import chunk by chunk; idempotent (a finished or running job is left alone)."""
    job, claimed = _claim(job_id)
    if not claimed:
        return job
    try:
        table = _load(job)
        rows = _numbered(table)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=len(rows))
        planner = Planner(source=job.source, headers=table.headers, mapping=job.mapping)
        with ChunkWriter(job, total=len(rows)) as writer:  # writes chunk n while n+1 is planned
            for start in range(0, len(rows), CHUNK):
                writer.write(planner.plan(rows[start : start + CHUNK]))
        _finish(job, status=ImportJob.Status.DONE, counts=writer.counts)
    except Exception as exc:
        _finish(job, status=ImportJob.Status.FAILED, error=str(exc)[:2000])
        if not isinstance(exc, ImportFileError):
            raise
    job.refresh_from_db()
    audit_log(
        actor=job.created_by,
        action=AuditLog.Action.UPDATE,
        obj=job,
        to_state=job.status,
        changes=job.counts,
    )
    return job


@transaction.atomic
def _claim(job_id: int) -> tuple[ImportJob, bool]:
    """Take a queued job under its row lock (a second worker finds it running and leaves it)."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job, False
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.processed_rows = 0
    job.save(update_fields=["status", "started_at", "processed_rows"])
    return job, True


def _finish(job: ImportJob, *, status: str, **fields) -> None:
    job.status = status
    job.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "finished_at", *fields])


def import_error_report(*, job: ImportJob) -> bytes:
    """CSV (UTF-8 with BOM, opens in Excel) of every failed or skipped row with its reason."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    headers = list(job.mapping)
    writer.writerow([_("Row"), _("Outcome"), _("Column"), _("Message"), *job.mapping.values()])
    rows = job.rows.filter(outcome__in=[Outcome.FAILED, Outcome.SKIPPED]).order_by("row_number")
    labels = dict(Outcome.choices)
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.row_number,
                labels[row.outcome],
                job.mapping.get(row.column, row.column),
                row.message,
                *[row.data.get(h, "") for h in headers],
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
