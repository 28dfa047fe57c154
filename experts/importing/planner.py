"""Deciding what happens to every input row (shared by the dry run and the real import).

Per row, in this order:
1. failed  — a value does not pass the checks (row number, column, message);
2. skipped — the external id already appeared earlier in the file, or the same person (normalised
   name + institution) appeared earlier under another id;
3. updated — an expert with this external id exists;
4. merged  — an expert with the same normalised name at the same institution exists and has no id
   from this source: the id is attached to it and its blanks filled, no second record is created;
   skipped (with the existing record named) when that expert already has a different id;
5. created — otherwise.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from experts.importing.rows import CleanRow, clean_row
from experts.importing.sql import field_in, people_at
from experts.models import Expert, ImportJob, ImportRow, Institution
from kolplatform.core.models import Region

Outcome = ImportRow.Outcome
LOOKUP_CHUNK = 1000


@dataclass
class Planned:
    row: CleanRow
    outcome: str
    message: str = ""
    column: str = ""
    expert_id: int | None = None
    duplicate_of: int | None = None


def id_field_for(source: str) -> str:
    return "crm_id" if source == ImportJob.Source.CRM else "provider_id"


def _person_key(row: CleanRow) -> tuple[str, str]:
    return row.search_name, row.values["institution"].lower()


class Planner:
    def __init__(self, *, source: str, headers: list[str], mapping: dict[str, str]):
        self.id_field = id_field_for(source)
        self.index = {t: headers.index(h) for t, h in mapping.items() if h in headers}
        self.regions = {}
        for pk, name, code in Region.objects.values_list("pk", "name", "code"):
            self.regions[name.lower()] = pk
            self.regions[code.lower()] = pk
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, str], int] = {}
        self.institutions: dict[str, list[int]] | None = None

    def plan(self, numbered_rows: list[tuple[int, list[str]]]) -> list[Planned]:
        planned, pending = [], []
        for number, raw in numbered_rows:
            row = clean_row(number, raw, self.index)
            region = row.values["region"]
            if region and region.lower() not in self.regions:
                row.errors.append(("region", _("Unknown region “%(value)s”.") % {"value": region}))
            row.values["region_id"] = self.regions.get(region.lower()) if region else None
            planned.append(self._plan_in_file(row) or Planned(row, Outcome.CREATED))
            if planned[-1].outcome == Outcome.CREATED:
                pending.append(planned[-1])
        self._match_existing(pending)
        return planned

    def _plan_in_file(self, row: CleanRow) -> Planned | None:
        if row.errors:
            column, message = row.errors[0]
            more = "; ".join(f"{c}: {m}" for c, m in row.errors[1:])
            return Planned(row, Outcome.FAILED, f"{message} {more}".strip(), column)
        external_id = row.values["external_id"]
        if external_id in self.seen_ids:
            return Planned(
                row,
                Outcome.SKIPPED,
                _("Duplicate of row %(n)s (same external id).") % {"n": self.seen_ids[external_id]},
                "external_id",
            )
        self.seen_ids[external_id] = row.number
        key = _person_key(row)
        if key in self.seen_people:
            return Planned(
                row,
                Outcome.SKIPPED,
                _("Same person as row %(n)s (name and institution) under another id.")
                % {"n": self.seen_people[key]},
            )
        self.seen_people[key] = row.number
        return None

    def _match_existing(self, pending: list[Planned]) -> None:
        for start in range(0, len(pending), LOOKUP_CHUNK):
            chunk = pending[start : start + LOOKUP_CHUNK]
            external_ids = [p.row.values["external_id"] for p in chunk]
            by_id = dict(
                Expert.objects.filter(field_in(Expert, self.id_field, external_ids)).values_list(
                    self.id_field, "pk"
                )
            )
            rest = []
            for p in chunk:
                pk = by_id.get(p.row.values["external_id"])
                if pk:
                    p.outcome, p.expert_id = Outcome.UPDATED, pk
                else:
                    rest.append(p)
            self._match_people(rest)

    def _institutions_by_name(self) -> dict[str, list[int]]:
        """Institution ids by lower-cased name, read once per import (a few thousand rows): the
        person lookup then asks for (name, institution) pairs the dedup index answers alone,
        instead of every expert of a common name. Names are compared as Python lower-cases them,
        as the in-file check does, whatever the database's locale."""
        if self.institutions is None:
            self.institutions = {}
            for pk, name in Institution.objects.values_list("pk", "name"):
                self.institutions.setdefault(name.lower(), []).append(pk)
        return self.institutions

    def _match_people(self, rest: list[Planned]) -> None:
        if not rest:
            return
        by_name = self._institutions_by_name()
        pairs, without_institution = set(), set()
        for p in rest:
            institution = p.row.values["institution"].lower()
            if institution:
                pairs.update((p.row.search_name, pk) for pk in by_name.get(institution, ()))
            else:
                without_institution.add(p.row.search_name)
        names = {pk: name for name, pks in by_name.items() for pk in pks}
        candidates = {}
        for pk, search_name, institution_id, existing_id in people_at(
            self.id_field, pairs, without_institution
        ):
            key = (search_name, names[institution_id] if institution_id else "")
            candidates.setdefault(key, (pk, existing_id))
        for p in rest:
            match = candidates.get(_person_key(p.row))
            if match is None:
                continue
            pk, existing_id = match
            if existing_id:
                p.outcome, p.duplicate_of = Outcome.SKIPPED, pk
                p.message = _(
                    "Possible duplicate of expert #%(pk)s (same name and institution, "
                    "different id %(id)s); review and merge if it is the same person."
                ) % {"pk": pk, "id": existing_id}
            else:
                p.outcome, p.expert_id = Outcome.MERGED, pk
                p.message = _("Matched expert #%(pk)s by name and institution.") % {"pk": pk}
