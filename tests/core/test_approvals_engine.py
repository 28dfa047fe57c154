"""The approvals engine on the test Widget: decisions, handlers, cancellation, audit, notices."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from kolplatform.core.approvals import (
    ApprovalError,
    approval_decide,
    approval_pending_for_user,
    approval_request_start,
    user_can_decide,
)
from kolplatform.core.models import ApprovalDecision, ApprovalRequest, AuditLog, Notification
from kolplatform.core.roles import Role
from tests.testapp.models import Widget
from tests.testapp.services import widget_submit, widget_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("widget_route")]


def submit(widget, actor, amount=None):
    if amount is not None:
        Widget.objects.filter(pk=widget.pk).update(amount=amount)
        widget.refresh_from_db()
    return widget_submit(widget=widget, actor=actor)


def transitions_of(obj):
    return list(
        AuditLog.objects.filter(
            action=AuditLog.Action.TRANSITION,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
        )
        .order_by("id")
        .values_list("from_state", "to_state", "actor__username")
    )


def test_small_amount_is_approved_by_one_approver(widget, marketing_manager, approver):
    widget, request = submit(widget, marketing_manager)
    assert widget.status == Widget.Status.IN_APPROVAL
    assert request.current_step.name == "Проверка"

    approval_decide(request=request, actor=approver, approve=True, comment="Ок")

    request.refresh_from_db()
    widget.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPROVED
    assert request.current_step is None and request.decided_at is not None
    assert widget.status == Widget.Status.APPROVED
    decision = request.decisions.get()
    assert (decision.decided_by, decision.outcome, decision.comment) == (approver, "approved", "Ок")


def test_large_amount_walks_every_step_in_order(
    widget, marketing_manager, approver, finance, legal
):
    widget, request = submit(widget, marketing_manager, amount=Decimal("750000"))
    for actor, step_name in [(approver, "Проверка"), (finance, "Финансы"), (legal, "Юрист")]:
        request.refresh_from_db()
        assert request.current_step.name == step_name
        widget.refresh_from_db()
        assert widget.status == Widget.Status.IN_APPROVAL
        approval_decide(request=request, actor=actor, approve=True)
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPROVED
    assert [d.step.name for d in request.decisions.all()] == ["Проверка", "Финансы", "Юрист"]


def test_every_transition_leaves_an_audit_record(widget, marketing_manager, approver, finance):
    widget, request = submit(widget, marketing_manager, amount=Decimal("200000"))
    approval_decide(request=request, actor=approver, approve=True)
    approval_decide(request=request, actor=finance, approve=True, comment="Бюджет есть")

    assert transitions_of(widget) == [
        ("draft", "in_approval", "manager"),
        ("in_approval", "approved", "finance"),
    ]
    assert transitions_of(request) == [("pending", "approved", "finance")]
    request_log = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(request), object_id=str(request.pk)
    ).order_by("id")
    assert [r.action for r in request_log] == ["create", "update", "transition"]
    assert request_log[1].changes == {"step_approved": "Проверка", "next_step": "Финансы"}
    assert request_log[2].comment == "Бюджет есть"


def test_rejection_needs_a_comment_and_ends_the_request(widget, marketing_manager, approver):
    widget, request = submit(widget, marketing_manager)
    for blank in ("", "   \n"):
        with pytest.raises(ApprovalError, match="rejection needs a comment"):
            approval_decide(request=request, actor=approver, approve=False, comment=blank)
    assert not ApprovalDecision.objects.exists()

    approval_decide(request=request, actor=approver, approve=False, comment="Нет обоснования")

    request.refresh_from_db()
    widget.refresh_from_db()
    assert request.status == ApprovalRequest.Status.REJECTED
    assert widget.status == Widget.Status.REJECTED
    assert transitions_of(widget)[-1] == ("in_approval", "rejected", "approver")
    assert transitions_of(request) == [("pending", "rejected", "approver")]


def test_rejection_at_a_later_step_skips_the_rest(widget, marketing_manager, approver, finance):
    widget, request = submit(widget, marketing_manager, amount=Decimal("900000"))
    approval_decide(request=request, actor=approver, approve=True)
    approval_decide(request=request, actor=finance, approve=False, comment="Дорого")
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.REJECTED
    assert request.decisions.count() == 2


def test_requester_cannot_decide_their_own_request(widget, make_user):
    # Separation of duties: a manager who is also an approver starts the request.
    both = make_user(Role.MARKETING_MANAGER, username="both")
    both.groups.add(*make_user(Role.APPROVER, username="tmp").groups.all())
    both = type(both).objects.get(pk=both.pk)
    widget, request = submit(widget, both)
    assert not user_can_decide(request=request, user=both)
    assert request not in approval_pending_for_user(user=both)
    with pytest.raises(ApprovalError, match="cannot decide"):
        approval_decide(request=request, actor=both, approve=True)


@pytest.mark.parametrize("persona", ["field_staff", "finance", "legal", "kol"])
def test_only_the_steps_role_may_decide(widget, marketing_manager, persona, request):
    user = request.getfixturevalue(persona)
    widget, approval = submit(widget, marketing_manager)
    with pytest.raises(ApprovalError, match="cannot decide"):
        approval_decide(request=approval, actor=user, approve=True)
    assert approval not in approval_pending_for_user(user=user)


def test_user_step_belongs_to_the_named_user(widget, marketing_manager, approver, finance, legal):
    other_lawyer = type(legal).objects.create(username="legal2")
    other_lawyer.groups.add(*legal.groups.all())
    widget, request = submit(widget, marketing_manager, amount=Decimal("600000"))
    approval_decide(request=request, actor=approver, approve=True)
    approval_decide(request=request, actor=finance, approve=True)
    assert list(approval_pending_for_user(user=legal)) == [request]
    assert list(approval_pending_for_user(user=other_lawyer)) == []
    with pytest.raises(ApprovalError):
        approval_decide(request=request, actor=other_lawyer, approve=True)
    approval_decide(request=request, actor=legal, approve=True)


def test_one_decision_per_step(widget, marketing_manager, approver, make_user):
    second = make_user(Role.APPROVER, username="approver2")
    widget, request = submit(widget, marketing_manager, amount=Decimal("200000"))
    seen_step = request.current_step
    approval_decide(request=request, actor=approver, approve=True, step=seen_step)
    # The second approver decides from a stale page: the step is gone, nothing is recorded.
    with pytest.raises(ApprovalError, match="already been decided"):
        approval_decide(request=request, actor=second, approve=True, step=seen_step)
    assert request.decisions.filter(step=seen_step).count() == 1


def test_a_decided_request_takes_no_more_decisions(widget, marketing_manager, approver, admin_user):
    widget, request = submit(widget, marketing_manager)
    approval_decide(request=request, actor=approver, approve=True)
    with pytest.raises(ApprovalError, match="already been decided"):
        approval_decide(request=request, actor=admin_user, approve=False, comment="Поздно")
    widget.refresh_from_db()
    assert widget.status == Widget.Status.APPROVED
    assert len(transitions_of(widget)) == 2  # the handler ran exactly once


def test_decision_already_stored_for_the_step_is_refused(widget, marketing_manager, approver):
    """Where rows cannot be locked (SQLite), the unique constraint keeps one decision per step."""
    widget, request = submit(widget, marketing_manager)
    ApprovalDecision.objects.create(
        request=request, step=request.current_step, decided_by=approver, outcome="approved"
    )
    with pytest.raises(ApprovalError, match="already been decided"):
        approval_decide(request=request, actor=approver, approve=True)
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.PENDING


def test_handlers_run_exactly_once_per_outcome(widget, marketing_manager, approver):
    calls = []
    from kolplatform.core import approvals, hooks

    original = hooks.contribution(hooks.APPROVAL_HANDLER, "testapp.widget")
    counting = approvals.ApprovalHandler(
        on_approved=lambda **kw: (calls.append(("approved", kw)), original.on_approved(**kw)),
        on_rejected=lambda **kw: (calls.append(("rejected", kw)), original.on_rejected(**kw)),
    )
    with hooks.overridden(hooks.APPROVAL_HANDLER, "testapp.Widget", counting):
        widget, request = submit(widget, marketing_manager)
        approval_decide(request=request, actor=approver, approve=True, comment="Да")
        with pytest.raises(ApprovalError):
            approval_decide(request=request, actor=approver, approve=True)
    assert hooks.contribution(hooks.APPROVAL_HANDLER, "testapp.widget") is original
    assert len(calls) == 1
    outcome, kwargs = calls[0]
    assert outcome == "approved"
    assert kwargs["target"] == widget and kwargs["actor"] == approver and kwargs["comment"] == "Да"
    assert kwargs["request"].pk == request.pk


def test_no_applicable_step_approves_at_once(widget, marketing_manager, widget_route):
    widget_route.steps.update(min_amount=Decimal("1000000"))
    widget, request = submit(widget, marketing_manager)
    assert request.status == ApprovalRequest.Status.APPROVED
    assert widget.status == Widget.Status.APPROVED


def test_only_one_pending_request_per_object(widget, marketing_manager):
    widget, _ = submit(widget, marketing_manager)
    with pytest.raises(ApprovalError, match="already pending"):
        approval_request_start(target=widget, actor=marketing_manager, amount=widget.amount)


def test_no_route_is_a_clear_error(marketing_manager, widget_route, widget):
    widget_route.is_active = False
    widget_route.save()
    with pytest.raises(ApprovalError, match="No approval route"):
        approval_request_start(target=widget, actor=marketing_manager)


def test_cancellation_ends_the_request_without_handlers(widget, marketing_manager, approver):
    widget, request = submit(widget, marketing_manager)
    widget = widget_withdraw(widget=widget, actor=marketing_manager, comment="Передумали")
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.CANCELLED
    assert request.current_step is None
    assert widget.status == Widget.Status.DRAFT  # withdrawn by its owner, not rejected
    assert transitions_of(request) == [("pending", "cancelled", "manager")]
    assert request not in approval_pending_for_user(user=approver)
    with pytest.raises(ApprovalError, match="already been decided"):
        approval_decide(request=request, actor=approver, approve=True)
    # The widget can be submitted again; a new request starts.
    widget, again = submit(widget, marketing_manager)
    assert again.pk != request.pk and again.status == ApprovalRequest.Status.PENDING


def test_deciders_are_notified_step_by_step(widget, marketing_manager, approver, finance):
    widget, request = submit(widget, marketing_manager, amount=Decimal("150000"))
    first = Notification.objects.get(recipient=approver)
    assert first.level == Notification.Level.ACTION
    assert first.url == "/core/approvals/"
    assert str(widget) in first.title and "Проверка" in first.body
    assert not Notification.objects.filter(recipient__in=[finance, marketing_manager]).exists()

    approval_decide(request=request, actor=approver, approve=True)
    assert Notification.objects.filter(recipient=finance, level="action").count() == 1
    assert not Notification.objects.filter(recipient=marketing_manager).exists()

    approval_decide(request=request, actor=finance, approve=False, comment="Нет бюджета")
    outcome = Notification.objects.get(recipient=marketing_manager)
    assert outcome.level == Notification.Level.WARNING
    assert str(widget) in outcome.title and outcome.body == "Нет бюджета"


def test_requester_is_not_notified_as_a_decider(widget, make_user):
    both = make_user(Role.APPROVER, username="both")
    widget, _ = submit(widget, both)
    assert not Notification.objects.filter(recipient=both).exists()


def test_superuser_inbox_has_role_steps_but_not_steps_named_for_others(
    widget, marketing_manager, approver, finance, admin_user
):
    widget, request = submit(widget, marketing_manager, amount=Decimal("600000"))
    assert list(approval_pending_for_user(user=admin_user)) == [request]  # approver's role step
    approval_decide(request=request, actor=approver, approve=True)
    approval_decide(request=request, actor=finance, approve=True)
    request.refresh_from_db()
    assert request.current_step.user is not None  # the lawyer's own step
    assert list(approval_pending_for_user(user=admin_user)) == []
    assert not user_can_decide(request=request, user=admin_user)


def test_cancelling_twice_changes_nothing_more(widget, marketing_manager):
    from kolplatform.core.approvals import approval_cancel

    widget, request = submit(widget, marketing_manager)
    approval_cancel(request=request, actor=marketing_manager)
    approval_cancel(request=request, actor=marketing_manager)
    assert transitions_of(request) == [("pending", "cancelled", "manager")]
