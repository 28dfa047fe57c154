"""Creating and changing institutions (the API and master-data requests write through here)."""

from django.db import transaction

from experts.models import Institution
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

INSTITUTION_FIELDS = (
    "name",
    "kind",
    "region",
    "city",
    "address",
    "latitude",
    "longitude",
    "beds",
    "departments",
)


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    return value if value is None or isinstance(value, bool | int | str) else str(value)


@transaction.atomic
def institution_create(*, actor, **data) -> Institution:
    unknown = set(data) - set(INSTITUTION_FIELDS)
    if unknown:
        raise TypeError(f"not institution fields: {sorted(unknown)}")
    institution = Institution.objects.create(**data)
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=institution,
        changes={k: _plain(v) for k, v in data.items()},
    )
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, actor, **data) -> dict:
    """Apply field changes; return {field: [old, new]} of what changed (audited)."""
    changes = {}
    for field, value in data.items():
        if field not in INSTITUTION_FIELDS:
            raise TypeError(f"not an institution field: {field}")
        old = getattr(institution, field)
        if _plain(old) != _plain(value):
            changes[field] = [_plain(old), _plain(value)]
            setattr(institution, field, value)
    if changes:
        institution.save(update_fields=list(changes))
        audit_log(actor=actor, action=AuditLog.Action.UPDATE, obj=institution, changes=changes)
    return changes
