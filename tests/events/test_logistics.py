from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from events import logistics
from events.models import Event, Participant, VendorRequest
from events.services import EventError
from kolplatform.core.models import Notification
from tests.events.conftest import set_status
from tests.factories.events import TaskFactory, VendorFactory
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_event(draft_event):
    return set_status(draft_event, Event.Status.APPROVED, approved_total=Decimal("100000"))


def test_vendor_request_flow_lands_in_actual(
    approved_event, marketing_manager, django_capture_on_commit_callbacks
):
    expert = ExpertFactory()
    with django_capture_on_commit_callbacks(execute=True):
        req = logistics.vendor_request_create(
            event=approved_event,
            actor=marketing_manager,
            vendor=VendorFactory(),
            kind=VendorRequest.Kind.HOTEL,
            details="2 ночи",
            speaker=expert,
        )
    assert req.token in mail.outbox[-1].body
    logistics.vendor_quote(request=req, amount=Decimal("12000.50"), comment="Стандарт")
    assert req.status == VendorRequest.Status.QUOTED
    with django_capture_on_commit_callbacks(execute=True):
        logistics.vendor_confirm(request=req, actor=marketing_manager)
    line = approved_event.budget_lines.get(category="accommodation")
    assert line.actual == Decimal("12000.50") and req.budget_line == line
    assert any(expert.email in m.to for m in mail.outbox)  # logistics sent to the speaker
    logistics.vendor_complete(request=req, actor=marketing_manager)
    assert req.status == VendorRequest.Status.DONE


def test_confirming_over_tolerance_sends_to_reapproval(approved_event, marketing_manager):
    req = logistics.vendor_request_create(
        event=approved_event, actor=marketing_manager, vendor=VendorFactory(), kind="hotel"
    )
    logistics.vendor_quote(request=req, amount=Decimal("115000"))
    logistics.vendor_confirm(request=req, actor=marketing_manager)
    approved_event.refresh_from_db()
    assert approved_event.status == Event.Status.BUDGET_REAPPROVAL


def test_no_confirmation_while_in_reapproval(approved_event, marketing_manager):
    req = logistics.vendor_request_create(
        event=approved_event, actor=marketing_manager, vendor=VendorFactory(), kind="air"
    )
    logistics.vendor_quote(request=req, amount=Decimal("5000"))
    set_status(approved_event, Event.Status.BUDGET_REAPPROVAL)
    req.refresh_from_db()
    with pytest.raises(EventError, match="spending"):
        logistics.vendor_confirm(request=req, actor=marketing_manager)


def test_quote_must_be_positive_and_once(approved_event, marketing_manager):
    req = logistics.vendor_request_create(
        event=approved_event, actor=marketing_manager, vendor=VendorFactory(), kind="air"
    )
    with pytest.raises(EventError):
        logistics.vendor_quote(request=req, amount=Decimal("0"))
    logistics.vendor_quote(request=req, amount=Decimal("1"))
    with pytest.raises(EventError):
        logistics.vendor_quote(request=req, amount=Decimal("2"))


def test_cancel_clears_actual(approved_event, marketing_manager):
    req = logistics.vendor_request_create(
        event=approved_event, actor=marketing_manager, vendor=VendorFactory(), kind="rail"
    )
    logistics.vendor_quote(request=req, amount=Decimal("3000"))
    logistics.vendor_confirm(request=req, actor=marketing_manager)
    logistics.vendor_cancel(request=req, actor=marketing_manager)
    assert approved_event.budget_lines.get(category="travel").actual == 0


def test_participant_check_in_is_idempotent(draft_event, marketing_manager):
    p = logistics.participant_add(event=draft_event, actor=marketing_manager, full_name="Иванов")
    logistics.participant_check_in(participant=p, actor=marketing_manager)
    first = p.checked_in_at
    logistics.participant_check_in(participant=p, actor=marketing_manager)
    assert p.checked_in_at == first and p.status == Participant.Status.ATTENDED


def test_participant_expert_fills_name_and_is_unique(draft_event, marketing_manager):
    expert = ExpertFactory()
    p = logistics.participant_add(event=draft_event, actor=marketing_manager, expert=expert)
    assert p.full_name == expert.full_name
    with pytest.raises(EventError):
        logistics.participant_add(event=draft_event, actor=marketing_manager, expert=expert)
    with pytest.raises(EventError):
        logistics.participant_add(event=draft_event, actor=marketing_manager)


def test_invitation_email_has_badge_link(
    draft_event, marketing_manager, django_capture_on_commit_callbacks
):
    p = logistics.participant_add(
        event=draft_event, actor=marketing_manager, full_name="Петров", email="p@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        logistics.participant_invite(participant=p, actor=marketing_manager)
    assert str(p.badge_token) in mail.outbox[-1].body


def test_overdue_task_reminders_are_idempotent(db):
    task = TaskFactory(due_date=timezone.localdate() - timedelta(days=1))
    TaskFactory(due_date=timezone.localdate() + timedelta(days=1))
    assert logistics.tasks_remind_overdue() == 1
    assert logistics.tasks_remind_overdue() == 0
    assert Notification.objects.filter(recipient=task.assignee, title__contains="Overdue").exists()
