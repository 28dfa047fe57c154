"""The manager's settings of field work: the radius of each institution type and the targets
of each representative (issue 18 §4, §5). Every change is audited."""

from django.db import transaction

from field.models import FieldRep, TypeRadius
from kolplatform.core.audit import audit_log

REP_TARGETS = ("visits_per_day", "points_day", "points_week", "points_month")


@transaction.atomic
def radii_set(*, radii: dict[str, int | None], actor) -> dict[str, list]:
    """Set the radius of each institution type in `radii` (None: back to the policy's default).
    Returns the changes {kind: [old, new]}, audited as one record."""
    current = {row.kind: row for row in TypeRadius.objects.select_for_update()}
    changes = {}
    for kind, radius in radii.items():
        row = current.get(kind)
        old = row.radius_m if row else None
        if old == radius:
            continue
        if radius is None:
            row.delete()
        elif row is None:
            TypeRadius.objects.create(kind=kind, radius_m=radius)
        else:
            row.radius_m = radius
            row.save(update_fields=["radius_m"])
        changes[kind] = [old, radius]
    if changes:
        audit_log(actor=actor, action="field.radii_set", changes=changes)
    return changes


@transaction.atomic
def rep_targets_set(*, rep: FieldRep, targets: dict[str, int], actor) -> FieldRep:
    """Set a representative's visits per day and points targets (day, week, month)."""
    rep = FieldRep.objects.select_for_update().select_related("user").get(pk=rep.pk)
    changes = {
        name: [getattr(rep, name), targets[name]]
        for name in REP_TARGETS
        if name in targets and getattr(rep, name) != targets[name]
    }
    if not changes:
        return rep
    for name, (_old, new) in changes.items():
        setattr(rep, name, new)
    rep.save(update_fields=list(changes))
    audit_log(actor=actor, action="field.rep_targets_set", obj=rep, changes=changes)
    return rep
