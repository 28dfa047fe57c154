"""Checklist and document uploads: the content must be of an allowed type (an .exe renamed to
.pdf is refused), the size is limited, the message says why; a real document is stored."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import closing
from events.models import ChecklistItem, Event
from kolplatform.core.models import Document
from kolplatform.core.uploads import detect_type, upload_problem
from tests.events.conftest import set_status

pytestmark = pytest.mark.django_db
CHECKED = ("content is checked", "проверяется содержимое")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def item(draft_event):
    event = set_status(draft_event, Event.Status.CLOSING, approved_total=Decimal("100000"))
    closing.checklist_create(event=event)
    return event.checklist_items.first()


def post_upload(client, user, item, name, data):
    client.force_login(user)
    url = reverse("events:checklist_upload", args=[item.event_id, item.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("act.pdf", EXE),  # an executable renamed to .pdf
        ("act.exe", EXE),
        ("act.html", PDF),  # a PDF under a name that would be served as HTML
        ("act.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", PDF),  # the content decides, and must match the name
    ],
)
def test_checklist_upload_refuses_a_file_of_another_type(
    client, marketing_manager, item, name, data
):
    shown = post_upload(client, marketing_manager, item, name, data)
    assert any(text in m for m in shown for text in CHECKED), shown
    item.refresh_from_db()
    assert item.document_id is None and item.status == ChecklistItem.Status.MISSING
    assert not Document.objects.exists()


def test_checklist_upload_refuses_a_file_over_the_limit(client, marketing_manager, item):
    shown = post_upload(client, marketing_manager, item, "big.pdf", PDF + b"0" * (10 * 2**20))
    assert any("10 MB" in m or "10 МБ" in m for m in shown), shown
    assert not Document.objects.exists()


def test_checklist_upload_stores_a_real_pdf(client, marketing_manager, item):
    post_upload(client, marketing_manager, item, "act.pdf", PDF)
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.UPLOADED
    assert item.document.original_name == "act.pdf"


def test_payout_upload_form_refuses_an_exe_named_pdf():
    from payments.forms import UploadForm

    form = UploadForm({}, {"file": SimpleUploadedFile("chek.pdf", EXE)})
    assert not form.is_valid()
    assert any(text in form.errors["file"][0] for text in CHECKED)


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (PDF, "a.PDF", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "a.png", "png"),
        (b"\xff\xd8\xff\xe0..JFIF", "a.jpeg", "jpeg"),
        (b"PK\x03\x04....", "a.docx", "office"),
        (b"PK\x03\x04....", "a.zip", None),
        (EXE, "a.pdf", None),
        (b"", "a.pdf", None),
    ],
)
def test_detect_type(head, name, kind):
    assert detect_type(head, name) == kind


def test_upload_problem_of_an_empty_file():
    assert upload_problem(head=b"", name="a.pdf", size=0, allowed=("pdf",))
