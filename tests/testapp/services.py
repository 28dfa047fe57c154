"""Widget services written the way a module uses the approvals engine."""

from django.db import transaction

from kolplatform.core.approvals import (
    ApprovalHandler,
    approval_cancel,
    approval_current,
    approval_request_start,
)
from kolplatform.core.audit import audit_transition
from tests.testapp.models import Widget


def _transition(*, widget: Widget, actor, method: str, comment: str = "") -> Widget:
    widget = Widget.objects.select_for_update().get(pk=widget.pk)
    from_state = widget.status
    getattr(widget, method)()
    widget.save(update_fields=["status"])
    audit_transition(actor=actor, obj=widget, from_state=from_state, comment=comment)
    return widget


@transaction.atomic
def widget_submit(*, widget: Widget, actor, comment: str = ""):
    """Send the widget to approval: draft -> in_approval, and start a request for its amount."""
    widget = _transition(widget=widget, actor=actor, method="submit", comment=comment)
    request = approval_request_start(
        target=widget, actor=actor, amount=widget.amount, comment=comment
    )
    widget.refresh_from_db()
    return widget, request


@transaction.atomic
def widget_withdraw(*, widget: Widget, actor, comment: str = "") -> Widget:
    request = approval_current(target=widget)
    if request is not None:
        approval_cancel(request=request, actor=actor, comment=comment)
    return _transition(widget=widget, actor=actor, method="withdraw", comment=comment)


def _on_approved(*, target, request, actor, comment):
    _transition(widget=target, actor=actor, method="approve", comment=comment)


def _on_rejected(*, target, request, actor, comment):
    _transition(widget=target, actor=actor, method="reject", comment=comment)


WIDGET_APPROVAL_HANDLER = ApprovalHandler(on_approved=_on_approved, on_rejected=_on_rejected)
