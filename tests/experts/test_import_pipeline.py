"""An import run in a worker (no caller's transaction) on PostgreSQL writes its chunks on
connections of its own while the next chunk is planned: the outcomes are those of the chunk-by-
chunk run, every row is logged, and a chunk that fails to write fails the job and keeps the
chunks before it (experts.services.import_pipeline)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from experts.models import Expert, ImportJob, ImportRow, Institution, Specialty
from experts.services import import_writer
from experts.services.imports import CHUNK, import_job_create, import_start
from kolplatform.core.roles import Role
from tests.factories.core import RegionFactory
from tests.factories.experts import ExpertFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stages' connections need PostgreSQL"
    ),
]
HEADER = "ID;Фамилия;Имя;Отчество;Специальность;Учреждение;Город;Регион;E-mail\n"
ROWS = 2 * CHUNK + 500  # three chunks


@pytest.fixture
def steward(make_user):
    return make_user(Role.MARKETING_MANAGER)


@pytest.fixture
def threads(monkeypatch):
    """The names of the threads that wrote experts, chunk by chunk."""
    names = []
    flush = import_writer.ImportWriter.flush_experts

    def recorded(self, batch):
        names.append(threading.current_thread().name)
        return flush(self, batch)

    monkeypatch.setattr(import_writer.ImportWriter, "flush_experts", recorded)
    return names


def lines() -> list[str]:
    """New experts with two specialties; every tenth an update of an existing expert; a failed
    row in the first chunk; the first chunk's person again in the last chunk (skipped); a
    person already in the base at the same institution, without an id (merged)."""
    out = []
    for i in range(ROWS):
        out.append(
            f'P{i};Фамилия{i};Имя;;"Терапия; Кардиология";ГКБ № {i % 7};Москва;Москва;'
            f"p{i}@example.org"
        )
    out[5] = "P5;;Без фамилии;;;;;;"
    out[ROWS - 1] = f"P{ROWS - 1};Фамилия10;Имя;;;ГКБ № 3;Москва;Москва;"  # row 12's person
    out[ROWS - 2] = f"P{ROWS - 2};Давний;Эксперт;;;ГКБ № 1;Москва;Москва;"
    return out


def start(steward, text: str) -> ImportJob:
    upload = SimpleUploadedFile("crm.csv", text.encode())
    job = import_job_create(source="crm", upload=upload, actor=steward)  # read on commit
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED, job.error
    return job


def test_a_worker_writes_the_chunks_on_other_connections_with_every_outcome(steward, threads):
    RegionFactory(code="77", name="Москва")
    for i in range(7):
        Institution.objects.create(name=f"ГКБ № {i}", city="Москва")
    for i in range(0, ROWS - 2, 10):
        if i != 5:
            ExpertFactory(crm_id=f"P{i}", last_name=f"Был{i}")
    merged = ExpertFactory(
        crm_id=None,
        last_name="Давний",
        first_name="Эксперт",
        middle_name="",
        institution=Institution.objects.get(name="ГКБ № 1"),
    )
    before = Expert.objects.count()
    job = start(steward, HEADER + "\n".join(lines()))
    import_start(job=job, actor=steward)  # the task runs on commit, outside any transaction
    job.refresh_from_db()

    assert job.status == ImportJob.Status.DONE, job.error
    assert threads == ["import-experts_0"] * 3  # every chunk written by the experts stage
    updated = len(range(0, ROWS - 2, 10))
    assert job.counts == {
        "created": ROWS - updated - 3,
        "updated": updated,
        "merged": 1,
        "failed": 1,
        "skipped": 1,
    }
    assert job.processed_rows == ROWS
    assert ImportRow.objects.filter(job=job).count() == ROWS
    log = dict(ImportRow.objects.filter(job=job).values_list("row_number", "outcome"))
    assert log[7] == "failed" and log[ROWS + 1] == "skipped" and log[ROWS] == "merged"
    assert Expert.objects.count() == before + job.counts["created"]
    merged.refresh_from_db()
    assert merged.crm_id == f"P{ROWS - 2}"
    new = Expert.objects.get(crm_id="P1")
    assert set(new.specialties.values_list("name", flat=True)) == {"Терапия", "Кардиология"}
    assert ImportRow.objects.get(job=job, row_number=3).expert == new
    assert Specialty.objects.filter(name="Кардиология").count() == 1


def test_a_chunk_that_fails_to_write_fails_the_job_and_keeps_the_chunks_before(
    steward, monkeypatch
):
    RegionFactory(code="77", name="Москва")
    flush = import_writer.ImportWriter.flush_experts
    calls = []

    def second_fails(self, batch):
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return flush(self, batch)

    monkeypatch.setattr(import_writer.ImportWriter, "flush_experts", second_fails)
    job = start(steward, HEADER + "\n".join(lines()))
    with pytest.raises(RuntimeError, match="went away"):
        import_start(job=job, actor=steward)
    job.refresh_from_db()

    assert job.status == ImportJob.Status.FAILED and "went away" in job.error
    assert calls[0].startswith("import-experts")
    logged = ImportRow.objects.filter(job=job)
    assert logged.count() == CHUNK and job.processed_rows == CHUNK  # the first chunk, whole
    assert max(logged.values_list("row_number", flat=True)) == CHUNK + 1
    assert Expert.objects.filter(crm_id__startswith="P").count() == CHUNK - 1  # one failed
    assert not Expert.objects.filter(crm_id=f"P{CHUNK}").exists()
