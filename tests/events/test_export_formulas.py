"""Event titles that look like formulas are text in the XLSX export; numbers stay numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", ['=HYPERLINK("https://evil.example","x")', "@SUM(1+1)", "+1+2"])
def test_formula_title_is_exported_as_text(client, draft_event, marketing_manager, title):
    draft_event.title = title
    draft_event.save(update_fields=["title"])
    client.force_login(marketing_manager)
    sheet = load_workbook(io.BytesIO(client.get(reverse("events:export")).content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == title)
    assert row[0].data_type == "s" and row[0].quotePrefix
    assert row[7].value == 40 and row[7].data_type == "n"  # planned participants
    assert row[8].value == 100000 and row[8].data_type == "n"  # planned budget
