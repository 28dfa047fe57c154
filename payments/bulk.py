"""Audit records of many payouts at once (a check run, a registry), written with the bulk
writer of kolplatform.core.bulk."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kolplatform.core.bulk import insert_rows
from kolplatform.core.models import AuditLog


def audit_rows(*, actor, entries) -> None:
    """Status-change audit records, the fields of core.audit.audit_transition, for many objects.

    `entries`: (obj, from_state, to_state, comment) tuples.
    """
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    fields = ["created_at", "actor", "action", "content_type", "object_id", "object_repr"]
    fields += ["from_state", "to_state", "changes", "comment", "ip_address"]
    insert_rows(
        AuditLog,
        fields,
        [
            [
                now,
                actor_id,
                AuditLog.Action.TRANSITION,
                ContentType.objects.get_for_model(obj).pk,
                str(obj.pk),
                str(obj)[:300],
                from_state,
                to_state,
                {},
                comment,
                None,
            ]
            for obj, from_state, to_state, comment in entries
        ],
    )
