"""The expert import's upload and dry run only store and queue: the file is read in a task
(its rows counted on the job), and the page polls a status fragment until the mapping, the dry
run or the refusal is there. Each test runs the queued task itself, as the worker would."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email as django_check
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts.importing.rows import validate_email
from experts.models import Expert, ImportJob
from experts.services.imports import import_read
from kolplatform.core.roles import Role
from tests.spreadsheet_files import huge_xlsx

pytestmark = pytest.mark.django_db
HEADER = "ID;Фамилия;Имя;Отчество;Специальность;Учреждение;Город;Регион;E-mail\n"
HTMX = {"HX-Request": "true"}


def csv_file(rows: int) -> SimpleUploadedFile:
    lines = [f"C{i};Фамилия{i};Имя;;;;;;" for i in range(rows)]
    return SimpleUploadedFile("crm.csv", (HEADER + "\n".join(lines)).encode())


def upload(client, user, file, capture):
    """POST the upload with the on-commit task held back; (response, queued callbacks)."""
    client.force_login(user)
    with capture(execute=False) as callbacks:
        response = client.post(reverse("experts:imports"), {"source": "crm", "file": file})
    return response, callbacks


def run(callbacks) -> None:
    for callback in callbacks:
        callback()


def fragment(client, job, **headers):
    return client.get(reverse("experts:import_progress", args=[job.pk]), headers=headers)


def test_upload_only_stores_the_file_and_queues_the_reading(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    response, callbacks = upload(
        client, marketing_manager, csv_file(3), django_capture_on_commit_callbacks
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:import", args=[job.pk])
    assert len(callbacks) == 1  # the reading task, not yet run
    assert job.status == ImportJob.Status.READING
    assert (job.headers, job.total_rows, job.read_rows, job.mapping) == ([], 0, 0, {})
    page = client.get(reverse("experts:import", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-testid="rows-read"' in page
    assert 'data-testid="mapping-form"' not in page
    polled = fragment(client, job, **HTMX)
    assert "HX-Refresh" not in polled  # still reading: keep polling

    run(callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED and job.total_rows == 3
    assert job.headers[:2] == ["ID", "Фамилия"] and job.mapping["last_name"] == "Фамилия"
    assert fragment(client, job, **HTMX)["HX-Refresh"] == "true"  # swap to the mapping
    page = client.get(reverse("experts:import", args=[job.pk])).content.decode()
    assert 'data-testid="mapping-form"' in page and 'hx-trigger="every 1s"' not in page


def test_the_dry_run_is_a_task_and_its_result_is_kept_on_the_job(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    _response, callbacks = upload(
        client, marketing_manager, csv_file(3), django_capture_on_commit_callbacks
    )
    run(callbacks)
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("experts:import", args=[job.pk]), {**job.mapping, "preview": "1"}
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING and job.preview == {}
    page = client.get(reverse("experts:import", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-testid="preview"' not in page

    run(callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.preview["counts"] == {"created": 3} and job.preview["total"] == 3
    assert fragment(client, job, **HTMX)["HX-Refresh"] == "true"
    page = client.get(reverse("experts:import", args=[job.pk])).content.decode()
    assert 'data-testid="preview"' in page and 'data-testid="mapping-form"' in page
    assert not Expert.objects.exists()  # a dry run writes nothing


def test_million_row_xlsx_is_refused_by_the_task_and_the_fragment_says_why(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    response, callbacks = upload(
        client,
        marketing_manager,
        SimpleUploadedFile("crm.xlsx", huge_xlsx(1_000_000)),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302 and time.monotonic() - started < 5
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READING and job.read_rows == 0

    run(callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.read_failed
    polled = fragment(client, job, **HTMX)
    body = polled.content.decode()
    assert 'data-testid="import-read-error"' in body and "200000" in body
    assert reverse("experts:imports") in body  # upload another file
    assert polled["HX-Refresh"] == "true"
    page = client.get(reverse("experts:import", args=[job.pk])).content.decode()
    assert "200000" in page and 'hx-trigger="every 1s"' not in page
    assert "Every row was imported" not in page and "Все строки импортированы" not in page
    assert not Expert.objects.exists()


def test_rows_read_are_counted_on_the_job_while_reading(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    _response, callbacks = upload(
        client, marketing_manager, csv_file(12_000), django_capture_on_commit_callbacks
    )
    with CaptureQueriesContext(connection) as queries:
        run(callbacks)
    counts = [q["sql"] for q in queries if '"read_rows" =' in q["sql"] and "UPDATE" in q["sql"]]
    assert any('"read_rows" = 5000' in q for q in counts)
    assert any('"read_rows" = 10000' in q for q in counts)
    job = ImportJob.objects.get()
    assert job.read_rows == 12_000 and job.total_rows == 12_000


def test_reading_task_is_idempotent(client, marketing_manager, django_capture_on_commit_callbacks):
    _response, callbacks = upload(
        client, marketing_manager, csv_file(2), django_capture_on_commit_callbacks
    )
    run(callbacks)
    job = ImportJob.objects.get()
    job.mapping = {"external_id": "ID", "last_name": "Фамилия", "first_name": "Имя"}
    job.save(update_fields=["mapping"])
    again = import_read(job_id=job.pk)  # a second delivery of the same task
    assert again.status == ImportJob.Status.UPLOADED and again.mapping == job.mapping


@pytest.fixture
def job(client, marketing_manager, django_capture_on_commit_callbacks):
    _response, callbacks = upload(
        client, marketing_manager, csv_file(1), django_capture_on_commit_callbacks
    )
    client.logout()
    return ImportJob.objects.get()


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("marketing_manager", 200),  # the uploader
        ("admin", 200),
        ("field_staff", 403),
        ("compliance", 403),
        ("kol", 403),
        ("other_kol", 403),
    ],
)
@pytest.mark.parametrize("url_name", ["experts:import_progress", "experts:import"])
def test_status_fragment_and_page_by_role(client, personas, job, persona, code, url_name):
    client.force_login(personas[persona])
    assert client.get(reverse(url_name, args=[job.pk])).status_code == code


@pytest.mark.parametrize(
    "url_name",
    ["experts:import_progress", "experts:import", "experts:import_errors"],
)
def test_another_stewards_import_is_not_found(client, make_user, job, url_name):
    client.force_login(make_user(Role.MARKETING_MANAGER, username="manager2"))
    assert client.get(reverse(url_name, args=[job.pk])).status_code == 404
    assert job.original_name not in client.get(reverse("experts:imports")).content.decode()


def test_another_stewards_import_cannot_be_started(client, make_user, job):
    client.force_login(make_user(Role.MARKETING_MANAGER, username="manager2"))
    response = client.post(reverse("experts:import_start", args=[job.pk]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, job):
    response = client.get(reverse("experts:import_progress", args=[job.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    "value",
    ["a@b.ru", "bad@", "x@localhost", "a@[127.0.0.1]", "a@[::1]", "a b@c.ru", '"q r"@d.org',
     "ä@ü.de", "a@b", "x@" + "a" * 70 + ".ru", "a@b..ru", "@b.ru", "a@b.ru.", "A@B.RU"],
)  # fmt: skip
def test_the_import_checks_e_mail_as_django_does(value):
    """The import's e-mail check (patterns compiled once) accepts what Django's accepts."""

    def accepts(check) -> bool:
        try:
            check(value)
        except ValidationError:
            return False
        return True

    assert accepts(validate_email) == accepts(django_check)
