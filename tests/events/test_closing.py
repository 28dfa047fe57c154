from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracts.models import Act
from events import closing, notices, services
from events.models import ChecklistItem, Event, ProgramItem
from events.services import EventError
from kolplatform.core.models import Notification
from tests.events.conftest import set_status
from tests.factories.contracts import ActFactory, ServiceOrderFactory, force_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing_event(draft_event):
    event = set_status(draft_event, Event.Status.CLOSING, approved_total=Decimal("100000"))
    closing.checklist_create(event=event)
    return event


def upload(item, actor, name="doc.pdf"):
    """The item's evidence: a PDF, an image for a photo, a typed value for a number or date."""
    if not item.takes_file:
        raw = "2026-03-25" if item.kind == ChecklistItem.Kind.DATE else "25"
        return closing.checklist_fill(item=item, actor=actor, raw=raw)
    if item.kind == ChecklistItem.Kind.PHOTO:
        photo = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        return closing.checklist_upload(item=item, actor=actor, upload=photo)
    return closing.checklist_upload(
        item=item, actor=actor, upload=SimpleUploadedFile(name, b"%PDF-1.4 x")
    )


def accept_all(event, owner, reviewer):
    for item in event.checklist_items.all():
        upload(item, owner)
        closing.checklist_review(item=item, actor=reviewer, accept=True)


def submit_notice(event, actor):
    notice = notices.notice_generate(event=event, actor=actor)
    notices.notice_submit(
        notice=notice, actor=actor, submitted_on=timezone.localdate(), reference="1"
    )


def test_closing_blocked_by_missing_item(closing_event, marketing_manager):
    with pytest.raises(EventError, match="not accepted"):
        services.event_close(event=closing_event, actor=marketing_manager)


def test_closing_after_every_required_item_accepted(closing_event, marketing_manager, compliance):
    optional = closing_event.checklist_items.filter(required=False)
    for item in closing_event.checklist_items.filter(required=True):
        upload(item, marketing_manager)
        closing.checklist_review(item=item, actor=compliance, accept=True)
    assert optional.exists()  # photos are optional for a school
    submit_notice(closing_event, compliance)
    services.event_close(event=closing_event, actor=marketing_manager)
    closing_event.refresh_from_db()
    assert closing_event.status == Event.Status.CLOSED


def test_rejection_needs_reason_and_notifies_owner(closing_event, marketing_manager, compliance):
    item = closing_event.checklist_items.first()
    upload(item, marketing_manager)
    with pytest.raises(EventError):
        closing.checklist_review(item=item, actor=compliance, accept=False, reason="")
    closing.checklist_review(item=item, actor=compliance, accept=False, reason="Нет подписи")
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.REJECTED
    assert Notification.objects.filter(recipient=marketing_manager, body="Нет подписи").exists()
    upload(item, marketing_manager, "fixed.pdf")
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.UPLOADED


def test_unsigned_speaker_act_blocks_closing(closing_event, marketing_manager, compliance):
    order = ServiceOrderFactory()
    act = ActFactory(order=order)
    ProgramItem.objects.create(
        event=closing_event,
        topic="Доклад",
        starts_at=closing_event.starts_at,
        ends_at=closing_event.starts_at + timedelta(hours=1),
        speaker=order.contract.expert,
        service_order=order,
    )
    accept_all(closing_event, marketing_manager, compliance)
    submit_notice(closing_event, compliance)
    reasons = closing.closing_blocking_reasons(closing_event)
    assert len(reasons) == 1 and "act" in reasons[0]
    force_status(act, Act.Status.SIGNED_BY_COMPANY)
    assert closing.closing_blocking_reasons(closing_event) == []


def test_upload_only_during_closing(draft_event, marketing_manager):
    closing.checklist_create(event=draft_event)
    with pytest.raises(EventError):
        upload(draft_event.checklist_items.first(), marketing_manager)


def test_review_only_of_uploaded(closing_event, compliance):
    with pytest.raises(EventError):
        closing.checklist_review(
            item=closing_event.checklist_items.first(), actor=compliance, accept=True
        )


def test_rejection_rates(closing_event, marketing_manager, compliance):
    first, second = closing_event.checklist_items.all()[:2]
    upload(first, marketing_manager)
    closing.checklist_review(item=first, actor=compliance, accept=False, reason="Плохо")
    upload(first, marketing_manager)
    closing.checklist_review(item=first, actor=compliance, accept=True)
    upload(second, marketing_manager)
    closing.checklist_review(item=second, actor=compliance, accept=True)
    by_owner, by_item = closing.rejection_rates()
    assert by_owner[0]["rejected"] == 1 and by_owner[0]["total"] == 3
    assert by_item[0]["item__name"] == first.name and by_item[0]["rejected"] == 1
