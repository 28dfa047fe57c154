"""`GET .../<id>/status/`: the current status of an FSM object and its transitions."""

from kolplatform.core.audit import audit_trail
from kolplatform.core.models import AuditLog


def status_payload(obj) -> dict:
    transitions = (
        audit_trail(obj)
        .filter(action=AuditLog.Action.TRANSITION)
        .order_by("created_at", "id")
        .values_list("from_state", "to_state", "created_at")
    )
    return {
        "id": obj.pk,
        "status": obj.status,
        "status_display": str(obj.get_status_display()),
        "history": [{"from_status": f, "to_status": t, "at": at} for f, t, at in transitions],
    }
