"""A bank confirmation CSV with a field above the csv module's limit is an import error that
names the row (it used to be a server error), shown on the confirmation page."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payments import formats
from payments.models import ConfirmationImport

pytestmark = pytest.mark.django_db


def test_oversized_field_is_an_import_error_naming_its_row(client, finance):
    row = {"registry_number": "R-1", "line_no": 1, "payout_id": 1, "amount": "10.00",
           "status": "failed", "payment_order_number": "", "paid_on": "",
           "reason": "closed"}  # fmt: skip
    data = formats.confirmation_csv([row, row | {"reason": "x" * 200_000}])
    client.force_login(finance)
    response = client.post(
        reverse("payments:confirmation_import"),
        {"file": SimpleUploadedFile("bank.csv", data, content_type="text/csv")},
    )
    result = ConfirmationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:confirmation_detail", args=[result.pk])
    assert not result.rows.exists()  # the file as a whole is refused: nothing changed
    assert "Row 3" in result.error and str(csv.field_size_limit()) in result.error
    page = client.get(response["Location"]).content.decode()
    assert "The file was not read; nothing changed." in page or "ничего не изменено" in page
    assert result.error in page
