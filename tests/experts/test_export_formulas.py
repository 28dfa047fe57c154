"""Expert fields that look like formulas are text in the CSV and XLSX exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db
PAYLOAD = '=HYPERLINK("https://evil.example","Открыть")'


@pytest.fixture
def expert(db):
    return ExpertFactory(last_name=PAYLOAD, city="-2+3", position="Врач")


def test_csv_export_prefixes_formula_cells_with_a_quote(client, field_staff, expert):
    client.force_login(field_staff)
    response = client.get(reverse("experts:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(body), delimiter=";") for c in row]
    assert "'-2+3" in cells and "-2+3" not in cells
    assert "'" + PAYLOAD in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_xlsx_export_writes_formula_cells_as_text(client, field_staff, expert):
    client.force_login(field_staff)
    content = client.get(reverse("experts:export", args=["xlsx"])).content
    cells = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    city = next(c for c in cells if c.value == "-2+3")
    assert city.data_type == "s" and city.quotePrefix
    assert any(c.value and PAYLOAD in str(c.value) for c in cells)
