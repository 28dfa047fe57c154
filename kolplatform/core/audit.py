"""Writing the audit log. Call from services, never from views or signals."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from kolplatform.core.bulk import insert_rows
from kolplatform.core.models import AuditLog

AUDIT_COLUMNS = ["created_at", "actor_id", "action", "content_type_id", "object_id", "object_repr",
                 "from_state", "to_state", "changes", "comment"]  # fmt: skip
_via: ContextVar[dict | None] = ContextVar("audit_via", default=None)


@contextmanager
def audit_via(**details):
    """Every audit record written inside the block carries `details` under `changes["via"]`
    (e.g. the API key a write came through: `audit_via(api_key="AbCd1234", integration="CRM")`)."""
    token = _via.set(details)
    try:
        yield
    finally:
        _via.reset(token)


def audit_log(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    changes: dict | None = None,
    comment: str = "",
    ip_address: str | None = None,
) -> AuditLog:
    """Append one audit record (who, when, what object, from -> to, details)."""
    via = _via.get()
    if via:
        changes = {**(changes or {}), "via": via}
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        from_state=from_state or "",
        to_state=to_state or "",
        changes=changes or {},
        comment=comment or "",
        ip_address=ip_address,
    )


def audit_many(*, actor, action: str, items, comment: str = "") -> None:
    """One audit record per (object, changes) of `items`, written in one statement (a batch of a
    bulk service); `audit_via` details are added as in audit_log."""
    via = _via.get()
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    # Plain rows (COPY on PostgreSQL): a model instance per record cost more than the insert.
    insert_rows(
        AuditLog,
        AUDIT_COLUMNS,
        [
            (now, actor_id, action, ContentType.objects.get_for_model(obj).pk, str(obj.pk),
             str(obj)[:300], "", "", {**changes, "via": via} if via else changes, comment)
            for obj, changes in items
        ],
    )  # fmt: skip


def audit_transition(*, actor, obj, from_state, comment: str = "", changes=None) -> AuditLog:
    """Record an FSM transition of `obj` (its `status` after the transition is the target)."""
    return audit_log(
        actor=actor,
        action=AuditLog.Action.TRANSITION,
        obj=obj,
        from_state=from_state,
        to_state=obj.status,
        comment=comment,
        changes=changes,
    )


def audit_trail(obj: models.Model):
    """The audit records of one object, newest first."""
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
