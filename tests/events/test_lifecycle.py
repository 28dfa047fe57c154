"""Every transition of the event machine and its refusals, with the approvals engine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import formats, timezone

from events import services
from events.models import BudgetLine, Event, EventChange
from events.services import EventError
from kolplatform.core.approvals import approval_current
from kolplatform.core.models import ApprovalRoute, AuditLog, Notification
from tests.events.conftest import set_status
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def approve_all(event, *deciders):
    for user in deciders:
        services.event_decide(event=event, actor=user, approve=True, comment="ok")
    event.refresh_from_db()
    return event


@pytest.fixture
def approved_event(draft_event, marketing_manager, approver, compliance):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    return approve_all(draft_event, approver, compliance)


def test_send_for_approval_starts_request_on_route_by_amount(draft_event, marketing_manager):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.BUDGET_APPROVAL
    request = approval_current(target=draft_event)
    assert request.route.code == "event-standard"
    assert request.amount == Decimal("100000.00")
    assert request.current_step.role == "approver"
    assert AuditLog.objects.filter(object_id=str(draft_event.pk), to_state="budget_approval")


def test_large_budget_goes_to_large_route(draft_event, marketing_manager):
    BudgetLine.objects.filter(event=draft_event).update(planned=Decimal("1500000"))
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    assert approval_current(target=draft_event).route.code == "event-large"


def test_advisory_board_uses_its_type_route(draft_event, marketing_manager):
    from events.models import EventType

    Event.objects.filter(pk=draft_event.pk).update(
        event_type=EventType.objects.get(code="advisory_board")
    )
    draft_event.refresh_from_db()
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    assert approval_current(target=draft_event).route.code == "event-advisory"


def test_send_without_budget_is_refused(marketing_manager, school_type):
    event = EventFactory(owner=marketing_manager, event_type=school_type)
    with pytest.raises(EventError):
        services.event_send_for_approval(event=event, actor=marketing_manager)


def test_blocking_budget_flag_refuses_sending(draft_event, marketing_manager):
    BudgetLine.objects.create(
        event=draft_event, category="other", description="Концерт", planned=Decimal("1000")
    )
    with pytest.raises(EventError, match="323"):
        services.event_send_for_approval(event=draft_event, actor=marketing_manager)


def test_all_steps_approve_the_event(approved_event):
    assert approved_event.status == Event.Status.APPROVED
    assert approved_event.approved_total == Decimal("100000.00")
    assert approved_event.budget_lines.get().final == Decimal("100000.00")


def test_owner_cannot_decide_own_request(draft_event, marketing_manager):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    with pytest.raises(EventError):
        services.event_decide(event=draft_event, actor=marketing_manager, approve=True)


def test_wrong_role_cannot_decide(draft_event, marketing_manager, finance):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    with pytest.raises(EventError):
        services.event_decide(event=draft_event, actor=finance, approve=True)


def test_rejection_needs_comment_and_returns_to_draft(draft_event, marketing_manager, approver):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    with pytest.raises(EventError):
        services.event_decide(event=draft_event, actor=approver, approve=False, comment="")
    services.event_decide(event=draft_event, actor=approver, approve=False, comment="Дорого")
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.DRAFT
    assert Notification.objects.filter(recipient=marketing_manager, body="Дорого").exists()


def _set_actual(event, actor, amount):
    line = event.budget_lines.get()
    services.budget_line_save(event=event, actor=actor, line=line, actual=Decimal(amount))
    event.refresh_from_db()
    return event


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("109999.99", Event.Status.APPROVED),
        ("110000.00", Event.Status.APPROVED),
        ("110000.01", Event.Status.BUDGET_REAPPROVAL),
    ],
)
def test_over_budget_at_under_over_tolerance(approved_event, marketing_manager, actual, status):
    event = _set_actual(approved_event, marketing_manager, actual)
    assert event.status == status


def test_over_budget_notifies_and_starts_reapproval(approved_event, marketing_manager, approver):
    _set_actual(approved_event, marketing_manager, "150000")
    request = approval_current(target=approved_event)
    assert request.purpose == "budget_reapproval"
    assert request.amount == Decimal("150000.00")
    titles = Notification.objects.filter(title__contains="re-approval").values_list(
        "recipient__username", flat=True
    )
    assert {"manager", "approver"} <= set(titles)


def test_tolerance_comes_from_the_route(approved_event, marketing_manager):
    ApprovalRoute.objects.filter(code="event-standard").update(
        over_budget_tolerance_percent=Decimal("60")
    )
    assert _set_actual(approved_event, marketing_manager, "150000").status == "approved"


def test_no_new_spending_during_reapproval(approved_event, marketing_manager):
    _set_actual(approved_event, marketing_manager, "150000")
    with pytest.raises(EventError, match="spending"):
        _set_actual(approved_event, marketing_manager, "160000")


def test_reapproval_returns_to_approved_with_new_total(
    approved_event, marketing_manager, approver, compliance
):
    _set_actual(approved_event, marketing_manager, "150000")
    event = approve_all(approved_event, approver, compliance)
    assert event.status == Event.Status.APPROVED
    assert event.approved_total == Decimal("150000.00")


def test_reapproval_of_held_event_returns_to_held(
    approved_event, marketing_manager, approver, compliance
):
    event = set_status(approved_event, Event.Status.HELD)
    _set_actual(event, marketing_manager, "150000")
    assert event.status == Event.Status.BUDGET_REAPPROVAL
    assert approve_all(event, approver, compliance).status == Event.Status.HELD


def test_rejected_reapproval_stays_and_can_be_resubmitted(
    approved_event, marketing_manager, approver
):
    _set_actual(approved_event, marketing_manager, "150000")
    services.event_decide(event=approved_event, actor=approver, approve=False, comment="Нет")
    approved_event.refresh_from_db()
    assert approved_event.status == Event.Status.BUDGET_REAPPROVAL
    services.event_resubmit_reapproval(event=approved_event, actor=marketing_manager)
    assert approval_current(target=approved_event).purpose == "budget_reapproval"


def test_mark_held_refused_before_the_end(approved_event, marketing_manager):
    with pytest.raises(EventError) as refused:
        services.event_mark_held(event=approved_event, actor=marketing_manager)
    when = formats.date_format(timezone.localtime(approved_event.ends_at), "DATETIME_FORMAT")
    assert str(refused.value) == f"The event has not ended yet; it can be marked held from {when}."


def test_mark_held_after_the_end_and_start_closing_creates_checklist(
    approved_event, marketing_manager
):
    Event.objects.filter(pk=approved_event.pk).update(
        starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() - timedelta(hours=1)
    )
    approved_event.refresh_from_db()
    services.event_mark_held(event=approved_event, actor=marketing_manager)
    services.event_start_closing(event=approved_event, actor=marketing_manager)
    approved_event.refresh_from_db()
    assert approved_event.status == Event.Status.CLOSING
    assert approved_event.checklist_items.count() == len(approved_event.event_type.checklist)


def test_cancel_needs_reason_and_withdraws_pending_request(draft_event, marketing_manager):
    services.event_send_for_approval(event=draft_event, actor=marketing_manager)
    with pytest.raises(EventError):
        services.event_cancel(event=draft_event, actor=marketing_manager, comment=" ")
    services.event_cancel(event=draft_event, actor=marketing_manager, comment="Перенос")
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.CANCELLED
    assert approval_current(target=draft_event) is None


def test_held_event_cannot_be_cancelled(approved_event, marketing_manager):
    event = set_status(approved_event, Event.Status.HELD)
    with pytest.raises(EventError):
        services.event_cancel(event=event, actor=marketing_manager, comment="x")


def test_change_of_dates_on_approved_event_needs_approval(
    approved_event, marketing_manager, approver, compliance
):
    new_start = approved_event.starts_at + timedelta(days=7)
    services.event_propose_change(
        event=approved_event,
        actor=marketing_manager,
        payload={"fields": {"starts_at": new_start.isoformat(), "venue": "Новый зал"}},
        summary="Перенос",
    )
    approved_event.refresh_from_db()
    assert approved_event.venue != "Новый зал"
    assert approval_current(target=approved_event).purpose == "change"
    with pytest.raises(EventError):
        services.event_propose_change(
            event=approved_event, actor=marketing_manager, payload={}, summary="Ещё"
        )
    approve_all(approved_event, approver, compliance)
    assert approved_event.venue == "Новый зал"
    assert approved_event.starts_at == new_start
    assert approved_event.status == Event.Status.APPROVED
    assert EventChange.objects.get().status == EventChange.Status.APPLIED


def test_rejected_change_is_not_applied(approved_event, marketing_manager, approver):
    services.event_propose_change(
        event=approved_event,
        actor=marketing_manager,
        payload={"fields": {"venue": "Новый зал"}},
        summary="Зал",
    )
    services.event_decide(event=approved_event, actor=approver, approve=False, comment="Нет")
    approved_event.refresh_from_db()
    assert approved_event.venue == "Конгресс-центр"
    assert approved_event.status == Event.Status.APPROVED
    assert EventChange.objects.get().status == EventChange.Status.REJECTED


@pytest.mark.parametrize(
    ("actual", "final", "status"),
    [
        ("0", "109999.99", Event.Status.APPROVED),  # just under the tolerance (10 %)
        ("0", "110000.00", Event.Status.APPROVED),  # at the tolerance
        ("0", "110000.01", Event.Status.BUDGET_REAPPROVAL),  # just over
        ("110000.01", "100000.00", Event.Status.BUDGET_REAPPROVAL),  # the larger figure counts
    ],
)
def test_over_budget_by_the_final_figure(approved_event, marketing_manager, actual, final, status):
    line = approved_event.budget_lines.get()
    services.budget_line_save(
        event=approved_event,
        actor=marketing_manager,
        line=line,
        actual=Decimal(actual),
        final=Decimal(final),
    )
    approved_event.refresh_from_db()
    assert approved_event.status == status


def test_draft_over_its_plan_needs_no_reapproval(draft_event, marketing_manager):
    line = draft_event.budget_lines.get()
    services.budget_line_save(
        event=draft_event, actor=marketing_manager, line=line, planned=Decimal("500000")
    )
    draft_event.refresh_from_db()
    assert draft_event.status == Event.Status.DRAFT


@pytest.mark.parametrize("status", Event.PRE_HELD)
def test_cancel_from_every_state_before_held(draft_event, marketing_manager, status):
    event = set_status(draft_event, status)
    services.event_cancel(event=event, actor=marketing_manager, comment="Перенос")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert AuditLog.objects.filter(object_id=str(event.pk), comment="Перенос").exists()


@pytest.mark.parametrize(
    "status",
    [Event.Status.HELD, Event.Status.CLOSING, Event.Status.CLOSED, Event.Status.CANCELLED],
)
def test_cancel_refused_from_held_on(draft_event, marketing_manager, status):
    event = set_status(draft_event, status)
    with pytest.raises(EventError, match="not possible"):
        services.event_cancel(event=event, actor=marketing_manager, comment="x")
    event.refresh_from_db()
    assert event.status == status


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("event_send_for_approval", Event.Status.APPROVED),
        ("event_send_for_approval", Event.Status.BUDGET_APPROVAL),
        ("event_mark_held", Event.Status.DRAFT),
        ("event_mark_held", Event.Status.BUDGET_REAPPROVAL),
        ("event_start_closing", Event.Status.APPROVED),
        ("event_start_closing", Event.Status.DRAFT),
        ("event_close", Event.Status.HELD),
        ("event_close", Event.Status.APPROVED),
    ],
)
def test_step_refused_in_the_wrong_status(draft_event, marketing_manager, step, status):
    event = set_status(draft_event, status, ends_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(EventError):
        getattr(services, step)(event=event, actor=marketing_manager)
    event.refresh_from_db()
    assert event.status == status


def test_decide_without_pending_request_is_refused(draft_event, approver):
    with pytest.raises(EventError, match="Nothing is waiting"):
        services.event_decide(event=draft_event, actor=approver, approve=True)
