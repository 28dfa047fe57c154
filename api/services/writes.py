"""Single writes of experts and institutions from the API: the module services do the work
(audit, domain events); the external ids of source systems are kept beside them."""

from django.db import transaction

from api.models import ExpertExternalId, InstitutionExternalId
from experts.services.experts import expert_create, expert_update
from experts.services.institutions import institution_create, institution_update
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog


def external_ids_set(*, model, owner_field: str, owner, ids, actor) -> dict:
    """Make the owner's id per named source `ids` ([{source, value}]); other sources stay."""
    current = {e.source: e for e in model.objects.filter(**{owner_field: owner})}
    changes = {}
    for item in ids:
        existing = current.get(item["source"])
        if existing is not None and existing.value == item["value"]:
            continue
        if existing is not None:
            existing.delete()
        model.objects.create(**{owner_field: owner}, source=item["source"], value=item["value"])
        changes[item["source"]] = [existing.value if existing else None, item["value"]]
    if changes:
        audit_log(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            obj=owner,
            changes={"external_ids": changes},
        )
    return changes


# kind -> (create service, update service, external id model, its owner field)
WRITERS = {
    "expert": (
        expert_create,
        lambda obj, **kw: expert_update(expert=obj, **kw),
        ExpertExternalId,
        "expert",
    ),
    "institution": (
        institution_create,
        lambda obj, **kw: institution_update(institution=obj, **kw),
        InstitutionExternalId,
        "institution",
    ),
}


@transaction.atomic
def api_create(*, kind: str, actor, data: dict):
    """Create an expert or institution through its service, with the external ids given."""
    create, _update, model, owner_field = WRITERS[kind]
    ids = data.pop("external_ids", [])
    obj = create(actor=actor, **data)
    external_ids_set(model=model, owner_field=owner_field, owner=obj, ids=ids, actor=actor)
    return obj


@transaction.atomic
def api_update(*, kind: str, obj, actor, data: dict) -> dict:
    """Change an expert or institution through its service; returns what changed."""
    _create, update, model, owner_field = WRITERS[kind]
    ids = data.pop("external_ids", [])
    changes = update(obj, actor=actor, **data)
    changes |= external_ids_set(
        model=model, owner_field=owner_field, owner=obj, ids=ids, actor=actor
    )
    return changes
