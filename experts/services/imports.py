"""Imports: upload -> read -> mapping -> dry run -> run -> error report.

The request only stores the upload; reading the file (with the row and size limits checked
while reading), the dry run and the run are Celery tasks. Progress (rows read, rows imported)
is stored on the ImportJob row as the task goes, so a page polling the job sees it move both
with a real worker and when tasks run eagerly.
"""

import io
import json
from collections import Counter

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from experts.errors import ImportFileError
from experts.importing.planner import Planned, Planner, id_field_for
from experts.importing.reader import MAX_BYTES, check_upload, read_table
from experts.importing.rows import auto_mapping, check_mapping
from experts.importing.sql import column_defaults
from experts.models import Expert, ImportJob, ImportRow, Institution, Specialty, normalize_name
from kolplatform.core import hooks
from kolplatform.core.audit import audit_log
from kolplatform.core.bulk import insert_rows
from kolplatform.core.exports import csv_writer
from kolplatform.core.models import AuditLog

CHUNK = 1000
PREVIEW_PROBLEMS = 200
Outcome = ImportRow.Outcome
UPDATE_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "position",
    "academic_degree",
    "academic_title",
    "experience_years",
    "email",
    "phone",
    "city",
    "tax_status",
)


@transaction.atomic
def import_job_create(*, source: str, upload, actor) -> ImportJob:
    """Store the upload and queue reading it (on commit): the request checks only the size and
    the type, so a huge file never holds a web worker; the task reads it with the limits."""
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

    with job.file.open("rb") as fh:
        table = read_table(fh.read(), job.original_name, progress)
    rows = _numbered(table)
    fields = {"headers": table.headers, "encoding": table.encoding, "read_rows": len(table.rows)}
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


def _load(job: ImportJob):
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
        writer = _Writer(job)
        planner = Planner(source=job.source, headers=table.headers, mapping=job.mapping)
        for start in range(0, len(rows), CHUNK):
            with transaction.atomic():
                writer.write(planner.plan(rows[start : start + CHUNK]))
                ImportJob.objects.filter(pk=job.pk).update(
                    processed_rows=min(start + CHUNK, len(rows)), counts=dict(writer.counts)
                )
        _finish(job, status=ImportJob.Status.DONE, counts=dict(writer.counts))
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


class _Writer:
    """Turns planned rows into bulk writes: institutions, specialties, experts, row records."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.id_field = id_field_for(job.source)
        self.counts = Counter()
        self.institutions = {}
        self.specialties = {s.name.lower(): s.pk for s in Specialty.objects.all()}

    def write(self, planned: list[Planned]) -> None:
        to_write = [
            p for p in planned if p.outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.MERGED)
        ]
        self._resolve_institutions(to_write)
        self._create([p for p in to_write if p.outcome == Outcome.CREATED])
        self._update([p for p in to_write if p.outcome != Outcome.CREATED])
        self._specialties(to_write)
        _insert_import_rows(self.job.pk, planned)
        self.counts.update(p.outcome for p in planned)

    def _resolve_institutions(self, planned: list[Planned]) -> None:
        wanted = {}
        for p in planned:
            v = p.row.values
            if v["institution"]:
                key = (v["institution"].lower(), v["city"].lower())
                wanted.setdefault(key, v)
        missing = {k: v for k, v in wanted.items() if k not in self.institutions}
        if missing:
            names = {v["institution"] for v in missing.values()}
            for inst in Institution.objects.filter(name__in=names):
                self.institutions.setdefault((inst.name.lower(), inst.city.lower()), inst.pk)
            ext_ids = [
                v["institution_external_id"]
                for v in missing.values()
                if v["institution_external_id"]
            ]
            for inst in Institution.objects.filter(external_id__in=ext_ids):
                self.institutions.setdefault((inst.name.lower(), inst.city.lower()), inst.pk)
            new = [
                Institution(
                    name=v["institution"],
                    city=v["city"],
                    region_id=v["region_id"],
                    external_id=v["institution_external_id"] or None,
                )
                for k, v in missing.items()
                if k not in self.institutions
            ]
            for inst in Institution.objects.bulk_create(new):
                self.institutions[(inst.name.lower(), inst.city.lower())] = inst.pk
        for p in planned:
            v = p.row.values
            v["institution_id"] = (
                self.institutions.get((v["institution"].lower(), v["city"].lower()))
                if v["institution"]
                else None
            )

    def _create(self, planned: list[Planned]) -> None:
        """One multi-row INSERT per chunk; the new ids come back in the rows' order."""
        defaults = column_defaults(Expert)
        columns = list(defaults)
        rows = []
        for p in planned:
            v = p.row.values
            values = defaults | {f: v[f] for f in UPDATE_FIELDS if v[f] not in ("", None)}
            values |= {
                "institution_id": v["institution_id"],
                "region_id": v["region_id"],
                self.id_field: v["external_id"],
                "search_name": p.row.search_name,
            }
            rows.append(tuple(values[c] for c in columns))
        ids = insert_rows(Expert, columns, rows, returning=True, prepared=True)
        for p, pk in zip(planned, ids, strict=True):
            p.expert_id = pk
            hooks.emit("expert.created", expert_id=pk, actor_id=self.job.created_by_id)

    def _update(self, planned: list[Planned]) -> None:
        if not planned:
            return
        existing = Expert.objects.in_bulk([p.expert_id for p in planned])
        changed_fields = set()
        changed_by_expert = {}
        for p in planned:
            expert, v = existing[p.expert_id], p.row.values
            values = {f: v[f] for f in UPDATE_FIELDS if v[f] not in ("", None)}
            values |= {self.id_field: v["external_id"]}
            if v["institution_id"]:
                values["institution_id"] = v["institution_id"]
            if v["region_id"]:
                values["region_id"] = v["region_id"]
            for field, value in values.items():
                if getattr(expert, field) != value:
                    setattr(expert, field, value)
                    changed_fields.add(field)
                    changed_by_expert.setdefault(expert.pk, set()).add(field)
            expert.search_name = normalize_name(expert.full_name)
            expert.updated_at = timezone.now()
        if changed_fields:
            Expert.objects.bulk_update(
                existing.values(), [*changed_fields, "search_name", "updated_at"], batch_size=500
            )
        for pk, fields in changed_by_expert.items():
            hooks.emit(
                "expert.updated",
                expert_id=pk,
                actor_id=self.job.created_by_id,
                fields=sorted(fields),
            )

    def _specialties(self, planned: list[Planned]) -> None:
        names = {
            n.strip() for p in planned for n in p.row.values["specialties"].split(";") if n.strip()
        }
        new = [Specialty(name=n) for n in names if n.lower() not in self.specialties]
        if new:
            Specialty.objects.bulk_create(new, ignore_conflicts=True)
            for s in Specialty.objects.filter(name__in=[n.name for n in new]):
                self.specialties[s.name.lower()] = s.pk
        through = Expert.specialties.through
        links = {
            (p.expert_id, self.specialties[n.strip().lower()])
            for p in planned
            for n in p.row.values["specialties"].split(";")
            if n.strip() and n.strip().lower() in self.specialties
        }
        through.objects.bulk_create(
            [through(expert_id=e, specialty_id=s) for e, s in links], ignore_conflicts=True
        )


ROW_COLUMNS = (
    "job_id",
    "row_number",
    "outcome",
    "column",
    "message",
    "data",
    "expert_id",
    "duplicate_of_id",
)


def _insert_import_rows(job_id: int, planned: list[Planned]) -> None:
    """One ImportRow per input row, written as multi-row INSERTs: the row log is append-only
    plain data, and building 10,000s of model instances per file was a large cost of an import."""
    rows = [
        (
            job_id,
            p.row.number,
            p.outcome,
            p.column,
            p.message,
            json.dumps(
                {k: v for k, v in p.row.values.items() if k not in ("region_id", "institution_id")},
                ensure_ascii=False,
            ),
            p.expert_id,
            p.duplicate_of,
        )
        for p in planned
    ]
    insert_rows(ImportRow, ROW_COLUMNS, rows, prepared=True)


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
