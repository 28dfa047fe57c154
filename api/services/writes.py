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


@transaction.atomic
def api_expert_create(*, actor, data: dict):
    ids = data.pop("external_ids", [])
    expert = expert_create(actor=actor, **data)
    external_ids_set(
        model=ExpertExternalId, owner_field="expert", owner=expert, ids=ids, actor=actor
    )
    return expert


@transaction.atomic
def api_expert_update(*, expert, actor, data: dict) -> dict:
    ids = data.pop("external_ids", [])
    changes = expert_update(expert=expert, actor=actor, **data)
    changes |= external_ids_set(
        model=ExpertExternalId, owner_field="expert", owner=expert, ids=ids, actor=actor
    )
    return changes


@transaction.atomic
def api_institution_create(*, actor, data: dict):
    ids = data.pop("external_ids", [])
    institution = institution_create(actor=actor, **data)
    external_ids_set(
        model=InstitutionExternalId,
        owner_field="institution",
        owner=institution,
        ids=ids,
        actor=actor,
    )
    return institution


@transaction.atomic
def api_institution_update(*, institution, actor, data: dict) -> dict:
    ids = data.pop("external_ids", [])
    changes = institution_update(institution=institution, actor=actor, **data)
    changes |= external_ids_set(
        model=InstitutionExternalId,
        owner_field="institution",
        owner=institution,
        ids=ids,
        actor=actor,
    )
    return changes
