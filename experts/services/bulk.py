"""Many experts at once (the REST API's bulk upsert): per expert the same effects as
expert_create / expert_update — defaults from the institution, one audit record, the domain
event `expert.created` / `expert.updated` on commit — in a few set-based statements."""

from django.db import transaction
from django.utils import timezone

from experts.models import Expert, normalize_name
from experts.services.experts import _plain, expert_defaults
from kolplatform.core import hooks
from kolplatform.core.audit import audit_many
from kolplatform.core.models import AuditLog

M2M = ("specialties", "therapeutic_areas")


def _through_rows(name: str, pairs):
    """Through-model rows of the m2m `name` for (expert, [objects]) pairs."""
    field = Expert._meta.get_field(name)
    through = field.remote_field.through
    target = field.m2m_reverse_field_name()
    return [
        through(expert_id=expert.pk, **{f"{target}_id": obj.pk})
        for expert, objects in pairs
        for obj in objects
    ]


@transaction.atomic
def experts_create_many(*, actor, rows: list[dict]) -> list[Expert]:
    """Create one expert per dict of field values (m2m as lists of objects under `specialties`
    / `therapeutic_areas`); returns them in order, with their ids."""
    prepared = []
    for row in rows:
        data = dict(row)
        m2m = {name: list(data.pop(name, ())) for name in M2M}
        expert = Expert(**expert_defaults(data, actor))
        expert.search_name = normalize_name(expert.full_name)
        prepared.append((expert, m2m, data))
    experts = Expert.objects.bulk_create([p[0] for p in prepared], batch_size=500)
    for name in M2M:
        through_rows = _through_rows(name, [(e, m2m[name]) for e, m2m, _d in prepared])
        if through_rows:
            type(through_rows[0]).objects.bulk_create(through_rows, batch_size=1000)
    audit_many(
        actor=actor,
        action=AuditLog.Action.CREATE,
        items=[(e, {k: _plain(v) for k, v in data.items()}) for e, _m, data in prepared],
    )
    actor_id = getattr(actor, "pk", None)
    hooks.emit_many("expert.created", [{"expert_id": e.pk, "actor_id": actor_id} for e in experts])
    return experts


def m2m_ids(pks) -> dict[str, dict[int, list[int]]]:
    """The sorted ids of each m2m of the experts `pks`: {name: {expert id: [ids]}}, one query
    per m2m on its through table (no model instances, no per-expert manager)."""
    out = {}
    for name in M2M:
        field = Expert._meta.get_field(name)
        rows = field.remote_field.through.objects.filter(expert_id__in=pks).values_list(
            "expert_id", f"{field.m2m_reverse_field_name()}_id"
        )
        ids: dict[int, list[int]] = {}
        for expert_id, target_id in rows:
            ids.setdefault(expert_id, []).append(target_id)
        out[name] = {pk: sorted(values) for pk, values in ids.items()}
    return out


@transaction.atomic
def experts_update_many(*, actor, changes: list[tuple[Expert, dict]], current=None) -> None:
    """Apply `changes` ({field: new value}, m2m as lists of objects) to each expert — values
    already equal are no change — audit and announce each expert that changed. `current` is
    m2m_ids() of the experts when the caller has it already; foreign keys are compared by id."""
    now, fields, m2m_pairs, records = timezone.now(), set(), {n: [] for n in M2M}, []
    if current is None and any(name in M2M for _e, data in changes for name in data):
        current = m2m_ids([e.pk for e, _d in changes])
    for expert, data in changes:
        diff = {}
        for name, value in data.items():
            if name in M2M:
                old = current[name].get(expert.pk, [])
                new = sorted(o.pk for o in value)
                if old != new:
                    diff[name] = [old, new]
                    m2m_pairs[name].append((expert, value))
                continue
            old = getattr(expert, Expert._meta.get_field(name).attname)
            if _plain(old) != _plain(value):
                diff[name] = [_plain(old), _plain(value)]
                setattr(expert, name, value)
                fields.add(name)
        if diff:
            expert.search_name = normalize_name(expert.full_name)
            expert.updated_at = now
            records.append((expert, diff))
    changed = [e for e, _d in records]
    if fields:
        Expert.objects.bulk_update(
            changed, [*sorted(fields), "search_name", "updated_at"], batch_size=500
        )
    for name, pairs in m2m_pairs.items():
        if pairs:
            through = Expert._meta.get_field(name).remote_field.through
            through.objects.filter(expert_id__in=[e.pk for e, _o in pairs]).delete()
            through.objects.bulk_create(_through_rows(name, pairs), batch_size=1000)
    audit_many(actor=actor, action=AuditLog.Action.UPDATE, items=records)
    actor_id = getattr(actor, "pk", None)
    hooks.emit_many(
        "expert.updated",
        [{"expert_id": e.pk, "actor_id": actor_id, "fields": sorted(d)} for e, d in records],
    )
