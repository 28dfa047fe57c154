"""Import files are refused early and with a message: a million-row XLSX, a zip bomb, an
oversized CSV field, a file over the size limit (through the import pages). The request only
stores the file; the task that reads it (run here on commit) refuses it while reading."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from experts.models import ImportJob
from kolplatform.core.import_files import ImportLimitError, xlsx_check
from tests.spreadsheet_files import huge_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    return huge_xlsx(1_000_000)


def post_import(client, user, name: str, data: bytes, capture):
    """Upload, then run the reading task (on commit); the seconds both took."""
    client.force_login(user)
    started = time.monotonic()
    with capture(execute=True):
        response = client.post(
            reverse("experts:imports"), {"source": "crm", "file": SimpleUploadedFile(name, data)}
        )
    return response, time.monotonic() - started


def status_fragment(client, job) -> str:
    return client.get(reverse("experts:import_progress", args=[job.pk])).content.decode()


def test_million_row_xlsx_is_refused_quickly_on_the_experts_import(
    client, marketing_manager, million_rows, django_capture_on_commit_callbacks
):
    response, seconds = post_import(
        client, marketing_manager, "crm.xlsx", million_rows, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.read_failed and job.total_rows == 0 and not job.headers
    assert "200000" in status_fragment(client, job)  # the limit is named in the message
    assert seconds < 10, f"refused after {seconds:.1f} s"  # ~0.5 s here; 20-50 s before


def test_million_row_xlsx_is_refused_quickly_on_the_plans_import(
    client, marketing_manager, million_rows, django_capture_on_commit_callbacks
):
    client.force_login(marketing_manager)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analytics:plans_import"),
            {"file": SimpleUploadedFile("plans.xlsx", million_rows)},
        )
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    response = client.get(response.url)
    [(row, message)] = response.context["job"].errors
    assert row == 1 and ("split it into parts" in message or "разделите" in message)


def test_csv_with_an_oversized_field_is_an_import_error_with_its_row(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    data = ("last_name;first_name\nИванов;Пётр\nПетров;" + "x" * 200_000 + "\n").encode()
    response, _seconds = post_import(
        client, marketing_manager, "crm.csv", data, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.read_failed and not job.headers
    assert "3" in job.error and "131072" in job.error
    assert job.error in status_fragment(client, job)


def test_file_over_the_size_limit_is_refused(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    data = b"last_name;first_name\n" + b"A;B\n" * (13 * 1024 * 1024)  # 52 MB
    response, _seconds = post_import(
        client, marketing_manager, "crm.csv", data, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "50" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()  # refused in the request: nothing stored


def test_zip_bomb_is_refused_from_the_zip_directory(million_rows):
    with pytest.raises(ImportLimitError, match="MB"):
        xlsx_check(million_rows, max_rows=10**7, max_unpacked=50 * 1024 * 1024)


def test_row_limit_counts_exactly():
    small = huge_xlsx(5)
    xlsx_check(small, max_rows=5, max_unpacked=10**9)
    with pytest.raises(ImportLimitError):
        xlsx_check(small, max_rows=4, max_unpacked=10**9)


def test_an_ordinary_xlsx_still_imports(
    client, marketing_manager, django_capture_on_commit_callbacks
):
    response, _seconds = post_import(
        client, marketing_manager, "crm.xlsx", huge_xlsx(3), django_capture_on_commit_callbacks
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.total_rows == 3
