"""CRM/provider import: encodings, mapping, duplicates, outcomes for every row, large files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from experts.errors import ImportFileError
from experts.models import Expert, ImportJob, ImportRow, Institution, Specialty
from experts.services.imports import (
    import_check_request,
    import_error_report,
    import_job_create,
    import_start,
)
from kolplatform.core.roles import Role
from tests.factories.core import RegionFactory
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db
HEADER = "ID;Фамилия;Имя;Отчество;Специальность;Учреждение;Город;Регион;E-mail\n"


@pytest.fixture
def steward(make_user):
    return make_user(Role.MARKETING_MANAGER)


def upload(text: str, name="crm.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding))


@pytest.fixture
def create(django_capture_on_commit_callbacks):
    """Upload, then read the file in the task (eager Celery: it runs on commit)."""

    def create(source, file, actor):
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_create(source=source, upload=file, actor=actor)
        job.refresh_from_db()
        return job

    return create


@pytest.fixture
def check(django_capture_on_commit_callbacks):
    """The dry run with the job's mapping, in its task; the result kept on the job."""

    def check(job, actor):
        with django_capture_on_commit_callbacks(execute=True):
            import_check_request(job=job, mapping=job.mapping, actor=actor)
        job.refresh_from_db()
        return job.preview

    return check


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(job, actor):
        with django_capture_on_commit_callbacks(execute=True):
            import_start(job=job, actor=actor)  # eager Celery: the task runs on commit
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def moscow():
    return RegionFactory(code="77", name="Москва")


def outcomes(job):
    return {r.row_number: r.outcome for r in job.rows.all()}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_in_any_usual_encoding_is_read(steward, moscow, encoding, create, run):
    text = HEADER + "C1;Ёлкин;Пётр;Семёнович;Кардиология;ГКБ № 1;Москва;Москва;p@example.com\n"
    job = create("crm", upload(text, encoding=encoding), steward)
    assert job.mapping["last_name"] == "Фамилия"
    job = run(job, steward)
    expert = Expert.objects.get(crm_id="C1")
    assert expert.last_name == "Ёлкин" and expert.search_name == "елкин петр семенович"
    assert expert.specialties.get().name == "Кардиология"
    assert expert.institution.name == "ГКБ № 1" and expert.region == moscow
    assert job.status == ImportJob.Status.DONE and job.counts == {"created": 1}


def test_binary_garbage_is_refused_with_a_clear_message(steward, create):
    job = create("crm", SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x81" * 10), steward)
    assert job.status == ImportJob.Status.FAILED and job.read_failed
    assert "UTF-8" in job.error


def test_wrong_extension_and_empty_file_are_refused(steward):
    with pytest.raises(ImportFileError):
        import_job_create(source="crm", upload=upload("a;b", name="x.pdf"), actor=steward)
    with pytest.raises(ImportFileError, match="empty"):
        import_job_create(source="crm", upload=upload(""), actor=steward)


def test_missing_required_column_stops_the_dry_run(steward, create):
    job = create("crm", upload("Фамилия;Имя\nИванов;Иван\n"), steward)
    with pytest.raises(ImportFileError, match="External id"):
        import_check_request(job=job, mapping=job.mapping, actor=steward)
    with pytest.raises(ImportFileError):
        import_start(job=job, actor=steward)


def test_every_row_is_accounted_for(steward, moscow, create, check, run):
    existing = ExpertFactory(crm_id="C2", last_name="Старый", institution__name="ГКБ № 2")
    same_person = ExpertFactory(
        crm_id=None,
        last_name="Петров",
        first_name="Пётр",
        middle_name="",
        institution__name="ГКБ № 3",
    )
    other_id = ExpertFactory(
        crm_id="C9",
        last_name="Сидоров",
        first_name="Сидор",
        middle_name="",
        institution__name="ГКБ № 4",
    )
    text = HEADER + "\n".join(
        [
            "C1;Иванов;Иван;;Кардиология;ГКБ № 1;Москва;Москва;i@example.com",  # 2 created
            "C2;Новый;Иван;;;ГКБ № 2;Москва;Москва;",  # 3 updated
            "C1;Иванов;Иван;;;ГКБ № 1;Москва;Москва;",  # 4 skipped: same id
            "C5;Петров;Петр;;;ГКБ № 3;Москва;Москва;",  # 5 merged (ё/е-insensitive)
            "C6;Сидоров;Сидор;;;ГКБ № 4;Москва;Москва;",  # 6 skipped: possible duplicate
            "C7;;Без фамилии;;;;;;",  # 7 failed: required
            "C8;Плохая;Почта;;;;;;not-an-email",  # 8 failed: e-mail
            "C10;Неизвестный;Регион;;;;;Атлантида;",  # 9 failed: region
            "C11;Иванов;Иван;;;ГКБ № 1;Москва;Москва;",  # 10 skipped: same person as row 2
        ]
    )
    job = create("crm", upload(text), steward)
    preview = check(job, steward)
    assert preview["counts"] == {"created": 1, "updated": 1, "skipped": 3, "merged": 1, "failed": 3}
    assert Expert.objects.count() == 3  # the dry run writes nothing
    job = run(job, steward)
    assert job.counts == preview["counts"] and job.processed_rows == 9
    assert outcomes(job) == {
        2: "created",
        3: "updated",
        4: "skipped",
        5: "merged",
        6: "skipped",
        7: "failed",
        8: "failed",
        9: "failed",
        10: "skipped",
    }
    existing.refresh_from_db()
    same_person.refresh_from_db()
    assert existing.last_name == "Новый"
    assert same_person.crm_id == "C5"
    assert job.rows.get(row_number=6).duplicate_of == other_id
    assert Expert.objects.count() == 4
    failed = job.rows.get(row_number=8)
    assert failed.column == "email" and "e-mail" in failed.message

    report = import_error_report(job=job).decode("utf-8-sig")
    lines = report.strip().splitlines()
    assert len(lines) == 1 + 6  # header + 3 failed + 3 skipped
    assert lines[0].startswith("Row;Outcome;Column;Message")
    assert any(line.startswith("8;") and "E-mail" in line for line in lines)


def test_reimport_of_the_same_file_updates_and_creates_nothing(steward, moscow, create, run):
    text = HEADER + "C1;Иванов;Иван;;;ГКБ № 1;Москва;Москва;\n"
    for _ in range(2):
        job = create("crm", upload(text), steward)
        job = run(job, steward)
    assert job.counts == {"updated": 1}
    assert Expert.objects.count() == 1


def test_a_started_job_cannot_start_twice(steward, moscow, create, run):
    job = create("crm", upload(HEADER + "C1;А;Б;;;;;;\n"), steward)
    run(job, steward)
    with pytest.raises(ImportFileError):
        import_start(job=job, actor=steward)


def test_xlsx_with_provider_ids(steward, create, run):
    wb = Workbook()
    ws = wb.active
    ws.append(["external_id", "last_name", "first_name", "experience_years"])
    ws.append(["P-1", "Смирнова", "Анна", 12])
    buf = io.BytesIO()
    wb.save(buf)
    job = create("provider", SimpleUploadedFile("p.xlsx", buf.getvalue()), steward)
    run(job, steward)
    expert = Expert.objects.get(provider_id="P-1")
    assert expert.experience_years == 12 and expert.crm_id is None


def test_a_workbook_is_parsed_once(steward, create, check, run, monkeypatch):
    wb = Workbook()
    wb.active.append(["external_id", "last_name", "first_name", "middle_name"])
    wb.active.append(["P-1", "Смирнова", 'Анна, "Аня"', "с переводом\nстроки"])
    buf = io.BytesIO()
    wb.save(buf)
    job = create("provider", SimpleUploadedFile("p.xlsx", buf.getvalue()), steward)
    assert job.table and job.headers[:2] == ["external_id", "last_name"]

    def parse_again(*args, **kwargs):
        raise AssertionError("the workbook was parsed again")

    monkeypatch.setattr("experts.services.imports.read_table", parse_again)
    assert check(job, steward)["counts"] == {"created": 1}
    run(job, steward)
    expert = Expert.objects.get(provider_id="P-1")
    assert (expert.first_name, expert.middle_name) == ('Анна, "Аня"', "с переводом\nстроки")


def test_a_broken_xlsx_fails_with_a_message(steward, create):
    wb = Workbook()
    wb.active.append(["external_id", "last_name", "first_name"])
    buf, out = io.BytesIO(), io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut in the middle of the XML
            target.writestr(item, content)
    job = create("crm", SimpleUploadedFile("broken.xlsx", out.getvalue()), steward)
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("The XLSX file cannot be read")


def test_ten_thousand_rows(steward, moscow, create, run):
    lines = [
        f"C{i};Фамилия{i};Имя;Отчество;Терапия;ГКБ № {i % 50};Москва;Москва;e{i}@example.com"
        for i in range(10_000)
    ]
    lines[500] = "C500;;Имя;;;;;;"  # one bad row
    lines[700] = lines[699]  # one duplicate
    job = create("crm", upload(HEADER + "\n".join(lines)), steward)
    job = run(job, steward)
    assert job.status == ImportJob.Status.DONE
    assert job.counts == {"created": 9998, "failed": 1, "skipped": 1}
    assert job.rows.count() == 10_000 and job.processed_rows == 10_000
    assert Expert.objects.count() == 9998
    assert ImportRow.objects.filter(job=job, outcome="failed").get().row_number == 502


def import_queries(steward, create, run, count: int) -> int:
    """Queries of an import of `count` rows: new experts, one of ten an update of an existing
    expert (with a specialty already linked), a failed and a duplicate row."""
    specialty = Specialty.objects.get_or_create(name="Терапия")[0]
    for i in range(7):  # the institutions exist: both imports look people up the same way
        Institution.objects.get_or_create(name=f"ГКБ № {i}", city="Москва")
    lines = []
    for i in range(count):
        external_id = f"Q{count}-{i}"
        if i % 10 == 0:
            expert = ExpertFactory(crm_id=external_id, last_name=f"Был{count}x{i}")
            expert.specialties.add(specialty)
        lines.append(
            f"{external_id};Фамилия{count}x{i};Имя;;Терапия;ГКБ № {i % 7};Москва;Москва;"
            f"q{count}x{i}@example.com"
        )
    lines[1] = f"Q{count}-1;;Без фамилии;;;;;;"  # failed
    lines[2] = lines[3]  # skipped: the same id twice
    job = create("crm", upload(HEADER + "\n".join(lines)), steward)
    with CaptureQueriesContext(connection) as queries:
        job = run(job, steward)
    tenth = count // 10
    assert job.counts == {"created": count - tenth - 2, "updated": tenth, "failed": 1, "skipped": 1}
    return len(queries)


def test_queries_of_an_import_do_not_grow_with_its_rows(steward, moscow, create, run):
    """Everything is read and written a chunk at a time, never a row at a time: on PostgreSQL
    500 rows cost no more queries than 50 (COPY, array parameters); elsewhere only the multi-row
    INSERTs are split by the database's limit of parameters per statement."""
    few = import_queries(steward, create, run, 50)
    many = import_queries(steward, create, run, 500)
    if connection.vendor == "postgresql":
        assert many <= few  # the first import also fills caches (content types, ...)
    assert many - few < (500 - 50) / 20
