"""Merging two records of the same expert: every relation moves to the survivor.

Relations are found by model introspection (Expert._meta.related_objects), so relations that
other modules add later (contracts, events, payouts, feedback, ...) move too without changes here.
A row that cannot move because of a unique constraint (e.g. the same person listed twice as a
participant of one event) stays on the duplicate and is reported.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from experts.errors import MergeError
from experts.models import CAREER_AND_CONTACT_FIELDS, Expert
from kolplatform.core import hooks
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog, Document

# Fields copied from the duplicate when the survivor's are empty.
FILL_BLANKS = (
    "middle_name",
    "institution",
    *CAREER_AND_CONTACT_FIELDS,
    "region",
    "city",
    "responsible",
    "tier",
)
UNIQUE_IDS = ("crm_id", "provider_id")
# Relations that describe the merge itself and must keep pointing at the duplicate.
KEEP_ON_DUPLICATE = {("experts.masterdatarequest", "other_expert")}


def _move_rows(model, field_name: str, duplicate: Expert, survivor: Expert) -> tuple[int, int]:
    qs = model._base_manager.filter(**{field_name: duplicate})
    try:
        with transaction.atomic():
            return qs.update(**{field_name: survivor}), 0
    except IntegrityError:
        moved = kept = 0
        for pk in qs.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{field_name: survivor})
                moved += 1
            except IntegrityError:
                kept += 1
        return moved, kept


def _move_relations(duplicate: Expert, survivor: Expert) -> dict:
    report = {}
    for rel in Expert._meta.related_objects:
        model = rel.related_model
        if rel.many_to_many:
            through = rel.through
            field = next(
                f.name for f in through._meta.fields if f.is_relation and f.related_model is Expert
            )
            model, field_name = through, field
        else:
            field_name = rel.field.name
        label = f"{model._meta.label_lower}.{field_name}"
        if (model._meta.label_lower, field_name) in KEEP_ON_DUPLICATE:
            continue
        if rel.one_to_one and model._base_manager.filter(**{field_name: survivor}).exists():
            report[label] = {
                "moved": 0,
                "kept": model._base_manager.filter(**{field_name: duplicate}).count(),
            }
            continue
        moved, kept = _move_rows(model, field_name, duplicate, survivor)
        if moved or kept:
            report[label] = {"moved": moved, "kept": kept}
    return report


def _move_forward(duplicate: Expert, survivor: Expert) -> list[str]:
    filled = []
    for field in FILL_BLANKS:
        if not getattr(
            survivor, f"{field}_id" if Expert._meta.get_field(field).is_relation else field
        ):
            value = getattr(duplicate, field)
            if value:
                setattr(survivor, field, value)
                filled.append(field)
    for field in UNIQUE_IDS:
        if not getattr(survivor, field) and getattr(duplicate, field):
            setattr(survivor, field, getattr(duplicate, field))
            setattr(duplicate, field, None)
            filled.append(field)
    if survivor.user_id is None and duplicate.user_id is not None:
        survivor.user_id, duplicate.user_id = duplicate.user_id, None
        filled.append("user")
    for name in ("specialties", "therapeutic_areas"):
        getattr(survivor, name).add(*getattr(duplicate, name).all())
    return filled


@transaction.atomic
def expert_merge(*, survivor: Expert, duplicate: Expert, actor, comment: str = "") -> dict:
    """Move everything of `duplicate` to `survivor`; the duplicate stays as an inactive tombstone
    pointing at the survivor (old links keep working). Returns a report of what moved."""
    if survivor.pk == duplicate.pk:
        raise MergeError(_("An expert cannot be merged with itself."))
    locked = {
        e.pk: e
        for e in Expert.objects.select_for_update(of=("self",)).filter(
            pk__in=[survivor.pk, duplicate.pk]
        )
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise MergeError(_("One of the records has already been merged."))
    # Free unique values on the duplicate before the survivor takes them.
    filled = _move_forward(duplicate, survivor)
    duplicate.is_active = False
    duplicate.save()
    survivor.save()
    report = _move_relations(duplicate, survivor)
    ct = ContentType.objects.get_for_model(Expert)
    docs = Document.objects.filter(owner_type=ct, owner_id=str(duplicate.pk)).update(
        owner_id=str(survivor.pk)
    )
    if docs:
        report["core.document.owner"] = {"moved": docs, "kept": 0}
    Expert.objects.filter(pk=duplicate.pk).update(merged_into=survivor, is_active=False)
    duplicate.refresh_from_db()
    details = {"duplicate": duplicate.pk, "filled": filled, "relations": report}
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=survivor,
        changes=details,
        comment=comment or "merged",
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=duplicate,
        changes={"merged_into": survivor.pk},
        comment=comment or "merged",
    )
    actor_id = getattr(actor, "pk", None)
    survivor_fields = sorted({*filled, "merged_duplicates"})
    hooks.emit("expert.updated", expert_id=survivor.pk, actor_id=actor_id, fields=survivor_fields)
    hooks.emit(
        "expert.updated",
        expert_id=duplicate.pk,
        actor_id=actor_id,
        fields=["is_active", "merged_into"],
    )
    return details
