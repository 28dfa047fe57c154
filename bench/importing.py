"""Import speed: a CSV and an XLSX of realistic experts (names, institution, specialties, city,
region, position, degree, experience, e-mail, phone, tax status) imported end to end through the
services the import page calls (upload -> reading task -> start -> import task), file to rows in
the database. Target >= 5,000 rows/s. The imported experts and their jobs are removed afterwards
so the bench database stays as seed_scale made it."""

import csv
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from openpyxl import Workbook

from experts.models import Expert, ImportJob
from experts.services.imports import import_job_create, import_start
from kolplatform.celery import app
from kolplatform.core.models import User
from seed.demo.experts import FEMALE, MALE, POSITIONS, REGIONS, SPECIALTIES
from seed.scale.core import ADMIN
from seed.scale.sql import cluster_cpu

TARGET = 5000.0
HEADERS = [
    "ID", "Фамилия", "Имя", "Отчество", "Специальность", "Учреждение", "Город", "Регион",
    "Должность", "Степень", "Стаж", "E-mail", "Телефон", "Налоговый статус",
]  # fmt: skip
PREFIX = "BENCH-IMP-"


def _name_parts(people) -> list[list[str]]:
    """The distinct surnames, first names and patronymics of a list of people."""
    return [sorted({person[i] for person in people}) for i in range(3)]


NAME_PARTS = {"male": _name_parts(MALE), "female": _name_parts(FEMALE)}


def rows(count: int, fmt: str) -> list[list]:
    """Distinct people (surname x first name x patronymic, up to 20,000 of each gender) at
    institutions no seed_scale expert works at: every row is a new expert, none is skipped as a
    duplicate of another row or of a seeded expert."""
    out = []
    for n in range(count):
        last_names, first_names, middle_names = NAME_PARTS["male" if n % 2 else "female"]
        k = n // 2
        last = last_names[k % len(last_names)]
        first = first_names[(k // len(last_names)) % len(first_names)]
        middle = middle_names[(k // (len(last_names) * len(first_names))) % len(middle_names)]
        code, region = REGIONS[n % len(REGIONS)]
        out.append([
            f"{PREFIX}{fmt}-{n:06d}", last, first, middle,
            f"{SPECIALTIES[n % len(SPECIALTIES)]}; {SPECIALTIES[(n + 3) % len(SPECIALTIES)]}",
            f"ГКБ № {n % 300 + 1}", region.split()[0], region,
            POSITIONS[n % len(POSITIONS)], "к.м.н." if n % 3 == 0 else "", str(5 + n % 30),
            f"import{n}@example.org", f"+7 (9{n % 100:02d}) {n % 1000:03d}-{n % 100:02d}-00",
            "самозанятый" if n % 5 == 0 else "физлицо",
        ])  # fmt: skip
    return out


def csv_file(data: list[list]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(data)
    return text.getvalue().encode("utf-8")


def xlsx_file(data: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_one(fmt: str, count: int, target: float = TARGET) -> dict:
    """Import `count` rows of a fresh file of format `fmt`; rows per second end to end."""
    data = rows(count, fmt)
    content = csv_file(data) if fmt == "csv" else xlsx_file(data)
    actor = User.objects.get(username=ADMIN)
    upload = SimpleUploadedFile(f"experts.{fmt}", content)
    # Every run starts from the same state: what earlier writers (the API bench, a previous
    # import) left unvacuumed, such as the trigram index's pending list, merged first.
    vacuum(IMPORT_TABLES)
    started, cpu, server = time.perf_counter(), time.process_time(), cluster_cpu()
    job = import_job_create(source="crm", upload=upload, actor=actor)  # reads (eager task)
    job.refresh_from_db()
    if job.status != ImportJob.Status.UPLOADED:
        raise SystemExit(f"bench: the {fmt} import was not read: {job.status} {job.error}")
    job = import_start(job=job, actor=actor)  # the import task runs (eager)
    seconds = time.perf_counter() - started
    # CPU of this process (all its threads) and of the PostgreSQL server (the import writes on
    # connections of its own): what the import costs, whatever the load of a shared machine adds
    # to the wall time.
    cpu_s = time.process_time() - cpu + ((cluster_cpu() or 0) - (server or 0))
    job.refresh_from_db()
    created = Expert.objects.filter(crm_id__startswith=f"{PREFIX}{fmt}-").count()
    cleanup(job, fmt)
    rate = count / seconds
    return {
        "format": fmt.upper(),
        "rows": count,
        "bytes": len(content),
        "seconds": round(seconds, 2),
        "rows_per_s": round(rate),
        "cpu_s": round(cpu_s, 2),
        "rows_per_cpu_s": round(count / cpu_s) if cpu_s else None,
        "status": job.status,
        "created": created,
        "target": target,
        "ok": rate >= target and created == count and job.status == ImportJob.Status.DONE,
    }


EXPERT_ROWS = [
    "DELETE FROM experts_expert_specialties WHERE expert_id IN (SELECT id FROM ids)",
    "DELETE FROM experts_expert_therapeutic_areas WHERE expert_id IN (SELECT id FROM ids)",
    "DELETE FROM experts_consent WHERE expert_id IN (SELECT id FROM ids)",
    "DELETE FROM experts_expert WHERE id IN (SELECT id FROM ids)",
]


def experts_remove(select_ids: str, params: dict, before=(), after=()) -> None:
    """Delete the experts `select_ids` (SQL giving their `id` and `institution_id`) and their
    rows, set-based (the ORM's cascade collection and the deferred foreign-key checks of 10,000
    deletes take minutes), with the statements `before` and `after` around, in one transaction.
    Only rows the bench made are touched and nothing else refers to them; a superuser skips the
    per-row foreign-key triggers, which scan the big referencing tables at factor 100."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE ids ON COMMIT DROP AS {select_ids}", params)
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for statement in [*before, *EXPERT_ROWS, *after]:
            cursor.execute(statement, params)


def cleanup(job: ImportJob, fmt: str) -> None:
    """Remove what the import wrote: its experts, the institutions it made, the job and its
    files (the upload and the table parsed from it)."""
    job.file.delete(save=False)
    job.table.delete(save=False)
    experts_remove(
        "SELECT id, institution_id FROM experts_expert WHERE crm_id LIKE %(prefix)s",
        {"prefix": f"{PREFIX}{fmt}-%", "job": job.pk},
        before=["DELETE FROM experts_importrow WHERE job_id = %(job)s"],
        after=[
            "DELETE FROM experts_institution i WHERE i.id IN (SELECT institution_id FROM ids) "
            "AND i.external_id IS NULL AND NOT EXISTS (SELECT 1 FROM experts_expert x "
            "WHERE x.institution_id = i.id)",
            "DELETE FROM experts_importjob WHERE id = %(job)s",
        ],
    )
    vacuum(IMPORT_TABLES)


# What an import writes; vacuumed after the bench removes its rows, so the next run (and the
# pages measured after) meet the tables as seed_scale left them, not the dead entries of the last
# run (a unique index visits each dead duplicate of a key it is given again).
IMPORT_TABLES = (
    "experts_expert", "experts_expert_specialties", "experts_importrow", "experts_institution",
)  # fmt: skip


def vacuum(tables) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def run_all(rows: int = 10_000, target: float = TARGET) -> list[dict]:
    # The import's tasks run in this process, whatever REDIS_URL says, so that their time (and
    # CPU) is measured here end to end rather than in a worker the bench does not start.
    app.conf.task_always_eager = True
    return [run_one("csv", rows, target), run_one("xlsx", rows, target)]
