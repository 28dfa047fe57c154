"""Event types as data with their own evidence fields (issue 19, item 8): the closing checklist
asks for files, photos, sign-in sheets, numbers, texts and dates; compliance reviews them; the
rejection rate per type is on the compliance page."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from events import closing
from events.evidence_kinds import KINDS, EvidenceValueError, parse_value
from events.models import ChecklistItem, Event, EventType
from events.services import EventError
from tests.events.conftest import set_status

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("number", "42", {"value_number": Decimal("42.00")}),
        ("number", "1 250,5", {"value_number": Decimal("1250.50")}),
        ("text", "  Разбор случаев ", {"value_text": "Разбор случаев"}),
        ("date", "2026-03-25", {"value_date": datetime.date(2026, 3, 25)}),
        ("date", "25.03.2026", {"value_date": datetime.date(2026, 3, 25)}),
    ],
)
def test_parse_value(kind, raw, expected):
    assert parse_value(kind, raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("number", ""),
        ("number", "много"),
        ("number", "-1"),
        ("number", "NaN"),
        ("number", "1e20"),
        ("text", "x" * 2001),
        ("date", "31.02.2026"),
        ("file", "anything"),
    ],
)
def test_parse_value_refuses(kind, raw):
    with pytest.raises(EvidenceValueError):
        parse_value(kind, raw)


def test_at_least_twenty_types_each_with_typed_evidence_in_two_languages():
    types = list(EventType.objects.all())
    assert len(types) >= 20
    kinds_used = set()
    for event_type in types:
        assert event_type.name and event_type.name_en, event_type.code
        assert event_type.checklist, event_type.code
        for entry in event_type.checklist:
            assert entry["kind"] in KINDS and entry["name"] and entry["name_en"], entry
            kinds_used.add(entry["kind"])
    assert kinds_used == set(KINDS)
    visit = EventType.objects.get(code="visit")
    with translation.override("en"):
        assert str(visit) == "Visit to a physician"
    with translation.override("ru"):
        assert str(visit) == "Визит к врачу"


@pytest.fixture
def closing_event(draft_event):
    draft_event.event_type = EventType.objects.get(code="webinar")
    draft_event.save(update_fields=["event_type"])
    event = set_status(draft_event, Event.Status.CLOSING, approved_total=Decimal("100000"))
    closing.checklist_create(event=event)
    return event


def test_checklist_asks_for_the_evidence_of_the_type(closing_event):
    kinds = dict(closing_event.checklist_items.values_list("code", "kind"))
    assert kinds["viewers_count"] == ChecklistItem.Kind.NUMBER
    assert kinds["recording"] == ChecklistItem.Kind.TEXT
    assert kinds["programme"] == ChecklistItem.Kind.FILE


def test_a_number_is_given_reviewed_and_counted_by_type(
    client, closing_event, marketing_manager, compliance
):
    item = closing_event.checklist_items.get(code="viewers_count")
    url = reverse("events:checklist_upload", args=[closing_event.pk, item.pk])
    client.force_login(marketing_manager)
    client.post(url, {"value": "много"})
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.MISSING  # refused, nothing stored
    client.post(url, {"value": "312"})
    item.refresh_from_db()
    assert (item.status, item.value) == (ChecklistItem.Status.UPLOADED, Decimal("312.00"))
    closing.checklist_review(item=item, actor=compliance, accept=False, reason="Нет скриншота")
    client.force_login(compliance)
    page = client.get(reverse("events:compliance_calendar")).content.decode()
    assert 'data-testid="rejections-by-type"' in page and "Webinar / live broadcast" in page


def test_a_photo_item_takes_an_image_only(closing_event, marketing_manager):
    closing_event.checklist_items.create(
        code="photos", name="Фотоотчёт", kind=ChecklistItem.Kind.PHOTO
    )
    item = closing_event.checklist_items.get(code="photos")
    with pytest.raises(EventError):
        closing.checklist_upload(
            item=item, actor=marketing_manager, upload=SimpleUploadedFile("photo.pdf", PDF)
        )
    closing.checklist_upload(
        item=item, actor=marketing_manager, upload=SimpleUploadedFile("photo.png", PNG)
    )
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.UPLOADED and item.document is not None


def test_a_value_item_takes_no_file_and_a_file_item_no_value(closing_event, marketing_manager):
    number = closing_event.checklist_items.get(code="viewers_count")
    with pytest.raises(EventError):
        closing.checklist_upload(
            item=number, actor=marketing_manager, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    programme = closing_event.checklist_items.get(code="programme")
    with pytest.raises(EventError):
        closing.checklist_fill(item=programme, actor=marketing_manager, raw="12")
