"""Bulk upsert of experts from a source system (`POST /api/v1/experts/bulk/`, CRM sync).

Each item is matched, in this order (the rule of the expert import, experts/importing/planner):
1. by the source's external id (api.ExpertExternalId);
2. by the same person: normalised full name at the same institution, among experts not merged
   into another — then the id is attached to that expert; when that expert already has another
   id from this source the item is an error naming it (a possible duplicate to review);
3. otherwise a new expert is created.
Every item gets one status: `created`, `updated` (with the changed fields), `unchanged` or
`error` (with field errors); none is dropped. Omitted fields are left as they are, so the same
payload twice leaves everything `unchanged` the second time. Writes go through
experts.services.bulk (an audit record per expert, `expert.created` / `expert.updated` on
commit) in set-based statements for the whole batch, as are the reads and the matching.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.errors import flatten_errors
from api.models import ExpertExternalId, InstitutionExternalId
from api.serializers.bulk import BulkExpertItemSerializer, BulkStatus
from experts.importing.sql import field_in, without_bitmap_scans
from experts.models import Expert, Institution, Specialty, normalize_name
from experts.services.bulk import experts_create_many, experts_update_many, m2m_ids
from experts.services.experts import EXPERT_DATA_FIELDS
from kolplatform.core.audit import audit_many, audit_via
from kolplatform.core.errors import DomainError
from kolplatform.core.models import AuditLog, Region, TherapeuticArea

FK_FIELDS = ("institution", "region")
# The expert's own values a source system sends (not the ids of our other systems, nor who in
# the company is responsible).
PLAIN_FIELDS = tuple(
    f for f in EXPERT_DATA_FIELDS if f not in (*FK_FIELDS, "crm_id", "provider_id", "responsible")
)
M2M_FIELDS = {"specialties": Specialty, "therapeutic_areas": TherapeuticArea}


@dataclass
class Item:
    index: int
    external_id: str = ""
    data: dict = field(default_factory=dict)
    desired: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)
    status: str = ""
    expert_id: int | None = None
    attach: bool = False
    message: str = ""
    field_errors: dict = field(default_factory=dict)
    fields: list = field(default_factory=list)

    def fail(self, message: str, name: str = "") -> None:
        self.status, self.message = BulkStatus.ERROR, str(message)
        if name:
            self.field_errors.setdefault(name, []).append(str(message))

    @property
    def person_key(self) -> tuple[str, int | None]:
        d = self.data
        name = " ".join(p for p in (d["last_name"], d["first_name"], d.get("middle_name")) if p)
        institution = self.desired.get("institution")
        return normalize_name(name), institution.pk if institution else None


def experts_bulk_upsert(*, source: str, items: list, actor, via: dict) -> list[Item]:
    """Upsert `items` (raw dicts) from `source`; returns one Item per input, in order."""
    checker = BulkExpertItemSerializer()
    parsed = [_parse(index, raw, checker) for index, raw in enumerate(items)]
    live = _first_of_each(
        parsed, key=lambda it: it.external_id, message=_("Same external id as item %(n)s.")
    )
    _References(source, live).apply(live)
    live = _first_of_each(
        [it for it in live if not it.status],
        key=lambda it: it.person_key,
        message=_("Same person (name and institution) as item %(n)s under another id."),
    )
    _match(source, live)
    _write(source, [it for it in live if not it.status], actor=actor, via=via)
    return parsed


def _parse(index: int, raw, checker: BulkExpertItemSerializer) -> Item:
    item = Item(index=index)
    if not isinstance(raw, dict):
        item.fail(_("Each item must be an object."))
        return item
    item.external_id = str(raw.get("external_id", ""))[:128]
    try:
        # One serializer checks every item: building one per item (a deep copy of its fields)
        # cost more than the rest of the upsert.
        item.data = checker.run_validation(raw)
    except serializers.ValidationError as exc:
        item.field_errors = flatten_errors(exc.detail)
        item.status, item.message = BulkStatus.ERROR, _("The item has invalid fields.")
        return item
    item.desired = {f: item.data[f] for f in PLAIN_FIELDS if f in item.data}
    return item


def _first_of_each(items: list[Item], *, key, message: str) -> list[Item]:
    """The items still live, the later ones of a repeated `key` failed as duplicates."""
    seen, live = {}, []
    for item in items:
        if item.status:
            continue
        k = key(item)
        if k in seen:
            item.fail(message % {"n": seen[k]}, "external_id")
            continue
        seen[k] = item.index
        live.append(item)
    return live


class _References:
    """Regions by code, specialties and therapeutic areas by name (case-insensitive), and the
    institutions of the batch, read once for all items."""

    def __init__(self, source: str, items: list[Item]):
        self.regions = {r.code: r for r in Region.objects.all()}
        self.names = {
            name: {o.name.lower(): o for o in model.objects.all()}
            for name, model in M2M_FIELDS.items()
        }
        ids = {it.data["institution"] for it in items if it.data.get("institution")}
        self.institutions = Institution.objects.select_related("region").in_bulk(ids)
        values = {it.data.get("institution_external_id") for it in items} - {None, ""}
        self.by_external = {
            e.value: e.institution
            for e in InstitutionExternalId.objects.filter(
                source=source, value__in=values
            ).select_related("institution__region")
        }

    def apply(self, items: list[Item]) -> None:
        for item in items:
            self._institution(item)
            self._region(item)
            for name in M2M_FIELDS:
                self._names(item, name)

    def _institution(self, item: Item) -> None:
        data = item.data
        if "institution" in data:
            pk = data["institution"]
            if pk is not None and pk not in self.institutions:
                return item.fail(_("No institution #%(pk)s.") % {"pk": pk}, "institution")
            item.desired["institution"] = self.institutions.get(pk) if pk else None
        elif value := data.get("institution_external_id"):
            if value not in self.by_external:
                message = _("No institution with this id from the source.")
                return item.fail(message, "institution_external_id")
            item.desired["institution"] = self.by_external[value]

    def _region(self, item: Item) -> None:
        if "region" in item.data:
            code = item.data["region"]
            if code and code not in self.regions:
                return item.fail(_("Unknown region code “%(c)s”.") % {"c": code}, "region")
            item.desired["region"] = self.regions.get(code) if code else None
        institution = item.desired.get("institution")
        if institution is not None:
            # As expert_create: the institution's region and city fill blanks.
            if "region" in item.desired and item.desired["region"] is None:
                item.desired["region"] = institution.region
            if "city" in item.desired and not item.desired["city"]:
                item.desired["city"] = institution.city

    def _names(self, item: Item, name: str) -> None:
        if name not in item.data:
            return
        known = self.names[name]
        unknown = [n for n in item.data[name] if n.lower() not in known]
        if unknown:
            item.fail(_("Unknown: %(names)s.") % {"names": ", ".join(unknown)}, name)
            return
        item.m2m[name] = sorted({known[n.lower()] for n in item.data[name]}, key=lambda o: o.pk)


def _match(source: str, items: list[Item]) -> None:
    values = [it.external_id for it in items]
    by_id = dict(
        ExpertExternalId.objects.filter(source=source)
        .filter(field_in(ExpertExternalId, "value", values))
        .values_list("value", "expert_id")
    )
    rest = []
    for item in items:
        item.expert_id = by_id.get(item.external_id)
        if item.expert_id is None:
            rest.append(item)
    if rest:
        _match_people(source, rest)


def _match_people(source: str, items: list[Item]) -> None:
    names = {it.person_key[0] for it in items}
    candidates = {}
    rows = (
        Expert.objects.filter(field_in(Expert, "search_name", names), merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "search_name", "institution_id")
    )
    with without_bitmap_scans():  # the name's btree, never the trigram index
        rows = list(rows)
    for pk, search_name, institution_id in rows:
        candidates.setdefault((search_name, institution_id), pk)
    held = dict(
        ExpertExternalId.objects.filter(
            source=source, expert_id__in=list(candidates.values())
        ).values_list("expert_id", "value")
    )
    taken = {}
    for item in items:
        pk = candidates.get(item.person_key)
        if pk is None:
            continue
        if pk in held or pk in taken:
            other = held.get(pk) or _("item %(n)s") % {"n": taken[pk]}
            item.fail(
                _(
                    "Possible duplicate of expert #%(pk)s (same name and institution, already "
                    "linked to %(other)s); review and merge if it is the same person."
                )
                % {"pk": pk, "other": other},
                "external_id",
            )
            continue
        taken[pk] = item.index
        item.expert_id, item.attach = pk, True


def _write(source: str, items: list[Item], *, actor, via: dict) -> None:
    """All writes of the batch in a few statements; should the database refuse the batch (an id
    taken by a concurrent request), each item is written on its own so only the culprit fails."""
    pks = [it.expert_id for it in items if it.expert_id]
    experts = Expert.objects.in_bulk(pks)  # foreign keys compared by id: no joins
    current = m2m_ids(pks)
    pending = []
    for item in items:
        expert = experts.get(item.expert_id) if item.expert_id else None
        changes = _changes(item, expert, current) if expert is not None else {}
        if expert is not None and not changes and not item.attach:
            item.status = BulkStatus.UNCHANGED
        else:
            pending.append((item, expert, changes))
    if not pending:
        return
    try:
        with transaction.atomic(), audit_via(**via, source=source):
            _write_batch(source, pending, actor, current)
    except (DomainError, IntegrityError, DjangoValidationError):
        for item, expert, changes in pending:
            _write_one(source, item, expert, changes, actor=actor, via=via, current=current)


def _write_batch(source: str, pending: list, actor, current: dict) -> None:
    creates = [p for p in pending if p[1] is None]
    updates = [p for p in pending if p[1] is not None]
    created = experts_create_many(
        actor=actor, rows=[{**it.desired, **it.m2m} for it, _e, _c in creates]
    )
    for (item, _e, _c), expert in zip(creates, created, strict=True):
        item.status, item.expert_id = BulkStatus.CREATED, expert.pk
    experts_update_many(
        actor=actor, changes=[(e, c) for _it, e, c in updates if c], current=current
    )
    attached = [(it, e) for it, e, _c in updates if it.attach]
    ExpertExternalId.objects.bulk_create(
        [ExpertExternalId(expert_id=it.expert_id, source=source, value=it.external_id)
         for it, _e, _c in creates]
        + [ExpertExternalId(expert=e, source=source, value=it.external_id) for it, e in attached]
    )  # fmt: skip
    audit_many(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        items=[(e, {"external_ids": {source: [None, it.external_id]}}) for it, e in attached],
        comment="matched by name and institution",
    )
    for item, _e, changes in updates:
        item.status, item.fields = BulkStatus.UPDATED, sorted(changes)


def _write_one(source: str, item: Item, expert, changes: dict, *, actor, via, current) -> None:
    try:
        with transaction.atomic(), audit_via(**via, source=source):
            _write_batch(source, [(item, expert, changes)], actor, current)
    except (DomainError, IntegrityError, DjangoValidationError) as exc:
        item.status, item.fields = "", []
        item.expert_id = expert.pk if expert is not None else None
        item.fail(getattr(exc, "message", None) or str(exc))


def _key(value):
    return value.pk if hasattr(value, "pk") else value


def _changes(item: Item, expert: Expert, current: dict) -> dict:
    """The fields of `item` whose values differ from `expert`'s (`current`: m2m_ids())."""
    changes = {}
    for name, value in item.desired.items():
        now = getattr(expert, f"{name}_id") if name in FK_FIELDS else getattr(expert, name)
        if now != _key(value):
            changes[name] = value
    for name, objects in item.m2m.items():
        if current[name].get(expert.pk, []) != [o.pk for o in objects]:
            changes[name] = objects
    return changes
