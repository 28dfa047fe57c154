"""Plans and sales uploads only store and queue: the workbook is read and saved in a task (rows
counted on the DataImport), and the upload's page polls a status fragment until the outcome
or every error is there. Each test runs the queued task itself, as the worker would."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from analytics.imports import PLAN_COLUMNS
from analytics.models import DataImport, Plan, SalesRecord
from analytics.tasks import data_import_run_task
from kolplatform.core.roles import Role
from tests.factories.core import ProductFactory, RegionFactory
from tests.spreadsheet_files import huge_xlsx

pytestmark = pytest.mark.django_db
POLLING = 'hx-trigger="every 1s"'


def plans_xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(PLAN_COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("plans.xlsx", out.getvalue())


@pytest.fixture
def plan_file(db):
    ProductFactory(name="Кардиомакс")
    RegionFactory(code="R77", name="Москва")
    return plans_xlsx([[2026, None, "Кардиомакс", "R77", None, None, 12, 120, 6, 1000]])


def upload(client, user, url_name, file, capture):
    """POST the upload with the on-commit task held back; (response, queued callbacks)."""
    client.force_login(user)
    with capture(execute=False) as callbacks:
        response = client.post(reverse(url_name), {"file": file})
    return response, callbacks


def run(callbacks) -> None:
    for callback in callbacks:
        callback()


def status(client, job) -> str:
    return client.get(reverse("analytics:data_import_status", args=[job.pk])).content.decode()


def test_upload_only_stores_the_file_and_the_task_saves_it(
    client, marketing_manager, plan_file, django_capture_on_commit_callbacks
):
    response, callbacks = upload(
        client, marketing_manager, "analytics:plans_import", plan_file,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = DataImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("analytics:data_import", args=[job.pk])
    assert len(callbacks) == 1 and job.status == DataImport.Status.READING
    assert job.kind == DataImport.Kind.PLANS and job.created_by == marketing_manager
    assert not Plan.objects.exists()  # nothing read in the request
    page = client.get(response["Location"]).content.decode()
    assert POLLING in page and 'data-testid="rows-read"' in page
    assert 'enctype="multipart/form-data"' in page  # the upload form stays on the page

    run(callbacks)
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.errors) == (DataImport.Status.DONE, 1, 0, [])
    assert Plan.objects.get().events == 12
    fragment = status(client, job)
    assert 'data-testid="import-done"' in fragment and POLLING not in fragment  # polling stops
    assert reverse("analytics:plans") in fragment


def test_bad_rows_are_listed_on_the_fragment_and_nothing_is_saved(
    client, marketing_manager, plan_file, django_capture_on_commit_callbacks
):
    bad = plans_xlsx([[2026, 9, "Кардиомакс", "R77", None, None, 1, 1, 1, 1]])
    _response, callbacks = upload(
        client, marketing_manager, "analytics:plans_import", bad,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    run(callbacks)
    job = DataImport.objects.get()
    assert job.status == DataImport.Status.FAILED and [n for n, _m in job.errors] == [2]
    fragment = status(client, job)
    assert 'data-testid="import-errors"' in fragment and job.errors[0][1] in fragment
    assert POLLING not in fragment
    assert not Plan.objects.exists()


def test_million_row_sales_workbook_is_refused_by_the_task(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    _response, callbacks = upload(
        client, marketing_manager, "analytics:sales_import",
        SimpleUploadedFile("sales.xlsx", huge_xlsx(1_000_000)),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    job = DataImport.objects.get()
    assert job.status == DataImport.Status.READING and job.kind == DataImport.Kind.SALES
    assert POLLING in status(client, job)

    run(callbacks)
    job.refresh_from_db()
    assert job.status == DataImport.Status.FAILED
    [(row, message)] = job.errors
    assert row == 1 and "split it into parts" in message  # unpacked size or rows: both limits
    fragment = status(client, job)
    assert message in fragment and POLLING not in fragment
    assert not SalesRecord.objects.exists()


def test_file_over_the_size_limit_is_refused_in_the_request(client, marketing_manager):
    client.force_login(marketing_manager)
    big = SimpleUploadedFile("plans.xlsx", b"x" * (10 * 1024 * 1024 + 1))
    response = client.post(reverse("analytics:plans_import"), {"file": big})
    assert response.status_code == 200
    assert "10" in response.context["form"].errors["file"][0]
    assert not DataImport.objects.exists()


def test_the_task_is_idempotent(
    client, marketing_manager, plan_file, django_capture_on_commit_callbacks
):
    _response, callbacks = upload(
        client, marketing_manager, "analytics:plans_import", plan_file,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    run(callbacks)
    job = DataImport.objects.get()
    assert data_import_run_task.delay(job.pk).get() == DataImport.Status.DONE  # delivered again
    job.refresh_from_db()
    assert (job.created, job.updated) == (1, 0) and Plan.objects.count() == 1


@pytest.fixture
def job(client, marketing_manager, plan_file, django_capture_on_commit_callbacks):
    upload(
        client, marketing_manager, "analytics:plans_import", plan_file,
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    client.logout()
    return DataImport.objects.get()


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("marketing_manager", 200),  # the uploader
        ("admin", 200),
        ("field_staff", 403),
        ("finance", 403),
        ("kol", 403),
        ("other_kol", 403),
    ],
)
@pytest.mark.parametrize("url_name", ["analytics:data_import_status", "analytics:data_import"])
def test_status_fragment_and_page_by_role(client, personas, job, persona, code, url_name):
    client.force_login(personas[persona])
    assert client.get(reverse(url_name, args=[job.pk])).status_code == code


@pytest.mark.parametrize("url_name", ["analytics:data_import_status", "analytics:data_import"])
def test_another_managers_upload_is_not_found(client, make_user, job, url_name):
    client.force_login(make_user(Role.MARKETING_MANAGER, username="manager2"))
    assert client.get(reverse(url_name, args=[job.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, job):
    response = client.get(reverse("analytics:data_import_status", args=[job.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
