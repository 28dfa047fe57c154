from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events import notices, services
from events.models import Event, NoticeRule, RegulatorNotice
from events.services import EventError
from kolplatform.core.models import Notification
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def december_event(marketing_manager, school_type):
    return EventFactory(
        owner=marketing_manager,
        event_type=school_type,
        starts_at=datetime(2026, 12, 31, 10, tzinfo=MSK),
        ends_at=datetime(2026, 12, 31, 14, tzinfo=MSK),
    )


def test_dates_from_rule_in_force(december_event):
    legal, target, authority = notices.notice_dates(december_event)
    assert (legal, target, authority) == (date(2026, 10, 31), date(2026, 10, 24), "Росздравнадзор")


def test_newer_rule_applies_from_its_date(december_event):
    NoticeRule.objects.create(months_before=3, margin_days=10, effective_from=date(2026, 6, 1))
    legal, target, _a = notices.notice_dates(december_event)
    assert (legal, target) == (date(2026, 9, 30), date(2026, 9, 20))


def test_generate_and_submit(december_event, compliance):
    notice = notices.notice_generate(event=december_event, actor=compliance)
    assert notice.document.kind == "notice"
    assert december_event.title.encode() in notice.document.file.read()
    evidence = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt")
    notices.notice_submit(
        notice=notice,
        actor=compliance,
        submitted_on=timezone.localdate(),
        reference="РЗН-123",
        evidence=evidence,
    )
    notice.refresh_from_db()
    assert notice.status == "submitted" and notice.evidence.sha256


def test_submit_needs_reference_and_no_future_date(december_event, compliance):
    notice = notices.notice_generate(event=december_event, actor=compliance)
    with pytest.raises(EventError):
        notices.notice_submit(
            notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference=""
        )
    with pytest.raises(EventError):
        notices.notice_submit(
            notice=notice,
            actor=compliance,
            submitted_on=timezone.localdate() + timedelta(days=1),
            reference="1",
        )


def test_change_after_submission_makes_updated_notice(december_event, compliance):
    notice = notices.notice_generate(event=december_event, actor=compliance)
    notices.notice_submit(
        notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference="1"
    )
    updated = notices.notice_refresh_after_change(
        event=december_event, actor=compliance, reason="Новая дата"
    )
    assert updated.version == 2 and updated.status == "draft"
    notice.refresh_from_db()
    assert notice.status == RegulatorNotice.Status.SUPERSEDED


def test_change_before_submission_makes_no_notice(december_event, compliance):
    assert (
        notices.notice_refresh_after_change(event=december_event, actor=compliance, reason="x")
        is None
    )


def late_event(owner, event_type):
    start = timezone.now() + timedelta(days=20)  # legal deadline already passed
    event = EventFactory(owner=owner, event_type=event_type, starts_at=start)
    from tests.factories.events import BudgetLineFactory

    BudgetLineFactory(event=event)
    return event


def test_late_notice_blocks_sending_until_override(marketing_manager, compliance, school_type):
    event = late_event(marketing_manager, school_type)
    with pytest.raises(EventError, match="late"):
        services.event_send_for_approval(event=event, actor=marketing_manager)
    with pytest.raises(EventError):
        notices.notice_override(event=event, actor=compliance, reason="  ")
    notices.notice_override(event=event, actor=compliance, reason="Согласовано с РЗН")
    services.event_send_for_approval(event=event, actor=marketing_manager)
    event.refresh_from_db()
    assert event.status == Event.Status.BUDGET_APPROVAL


def test_late_notice_not_required_for_type_without_notice(marketing_manager):
    from events.models import EventType

    event = late_event(marketing_manager, EventType.objects.get(code="medical_survey"))
    assert notices.notice_blocking_reason(event) == ""


def test_reminders_at_offsets_are_idempotent(december_event, compliance):
    today = date(2026, 10, 17)  # 7 days before the target 24.10
    first = notices.notice_reminders_run(today=today)
    second = notices.notice_reminders_run(today=today)
    assert first == 2 and second == 0
    assert Notification.objects.filter(recipient=compliance, title__contains="due").count() == 1


def test_no_reminder_between_offsets(december_event, compliance):
    assert notices.notice_reminders_run(today=date(2026, 10, 18)) == 0


def test_escalation_at_target_and_legal_to_compliance_head(december_event, compliance, admin_user):
    NoticeRule.objects.update(escalation_user=admin_user)
    assert notices.notice_reminders_run(today=date(2026, 10, 24)) == 3
    assert notices.notice_reminders_run(today=date(2026, 10, 31)) == 3
    assert Notification.objects.filter(recipient=admin_user, title__contains="overdue").count() == 2


def test_submitted_notice_is_not_reminded(december_event, compliance):
    notice = notices.notice_generate(event=december_event, actor=compliance)
    notices.notice_submit(
        notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference="1"
    )
    assert notices.notice_reminders_run(today=date(2026, 10, 17)) == 0
