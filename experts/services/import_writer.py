"""Bulk writes of an import run, one chunk of planned rows at a time, in three steps:

- `prepare` (no transaction needed): the chunk's institutions and specialties are found or
  created (reference data, kept even if the chunk fails), the new experts' rows are built, with
  their primary keys drawn from the table's sequence on PostgreSQL, and the row log's data;
- `flush_experts`: the experts written, their domain events emitted on commit;
- `flush_log` (once those experts are there): their specialties and the row log.

experts.services.import_pipeline runs the steps one after another in one transaction, or, in a
worker, as stages on connections of their own; the flushes are then almost only the database's
work."""

import json
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from experts.importing.planner import Planned, id_field_for
from experts.importing.sql import column_defaults
from experts.models import (
    CAREER_AND_CONTACT_FIELDS,
    Expert,
    ImportJob,
    ImportRow,
    Institution,
    Specialty,
    normalize_name,
)
from kolplatform.core import hooks
from kolplatform.core.bulk import insert_rows, next_keys

UPDATE_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    *CAREER_AND_CONTACT_FIELDS,
    "city",
    "tax_status",
)


Outcome = ImportRow.Outcome


@dataclass
class Batch:
    """A prepared chunk: what `flush_experts` and `flush_log` write."""

    planned: list[Planned]
    to_write: list[Planned]
    created: list[Planned]
    expert_columns: list[str]
    expert_rows: list[tuple]
    keyed: bool  # the rows carry their primary keys (drawn from the sequence)
    log_data: list[str]  # the row log's JSON, by planned row


class ImportWriter:
    """Turns planned rows into bulk writes: institutions, specialties, experts, row records."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.id_field = id_field_for(job.source)
        self.counts = Counter()
        self.institutions = {}
        self.specialties = {s.name.lower(): s.pk for s in Specialty.objects.all()}

    def prepare(self, planned: list[Planned]) -> Batch:
        to_write = [
            p for p in planned if p.outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.MERGED)
        ]
        self._resolve_institutions(to_write)
        self._resolve_specialties(to_write)
        created = [p for p in to_write if p.outcome == Outcome.CREATED]
        columns, rows = self._expert_rows(created)
        keys = next_keys(Expert, len(created))
        if keys:
            columns = ["id", *columns]
            rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
            for p, key in zip(created, keys, strict=True):
                p.expert_id = key
        log_data = [_log_data(p) for p in planned]
        return Batch(planned, to_write, created, columns, rows, bool(keys), log_data)

    def flush_experts(self, batch: Batch) -> None:
        """The chunk's new and changed experts; the domain events on commit."""
        if batch.created:
            ids = insert_rows(
                Expert, batch.expert_columns, batch.expert_rows, returning=not batch.keyed,
                prepared=True,
            )  # fmt: skip
            if not batch.keyed:  # the keys come back from the insert
                for p, pk in zip(batch.created, ids, strict=True):
                    p.expert_id = pk
            actor_id = self.job.created_by_id
            hooks.emit_many(
                "expert.created",
                [{"expert_id": p.expert_id, "actor_id": actor_id} for p in batch.created],
            )
        self._update([p for p in batch.to_write if p.outcome != Outcome.CREATED])

    def flush_log(self, batch: Batch) -> None:
        """The experts' specialties and the row log (after flush_experts: they name them)."""
        self._link_specialties(batch.to_write)
        _insert_import_rows(self.job.pk, batch.planned, batch.log_data)
        self.counts.update(p.outcome for p in batch.planned)

    def _resolve_institutions(self, planned: list[Planned]) -> None:
        wanted = {}
        for p in planned:
            v = p.row.values
            if v["institution"]:
                key = (v["institution"].lower(), v["city"].lower())
                wanted.setdefault(key, v)
        missing = {k: v for k, v in wanted.items() if k not in self.institutions}
        if missing:
            names = {v["institution"] for v in missing.values()}
            for inst in Institution.objects.filter(name__in=names):
                self.institutions.setdefault((inst.name.lower(), inst.city.lower()), inst.pk)
            ext_ids = [
                v["institution_external_id"]
                for v in missing.values()
                if v["institution_external_id"]
            ]
            for inst in Institution.objects.filter(external_id__in=ext_ids):
                self.institutions.setdefault((inst.name.lower(), inst.city.lower()), inst.pk)
            new = [
                Institution(
                    name=v["institution"],
                    city=v["city"],
                    region_id=v["region_id"],
                    external_id=v["institution_external_id"] or None,
                )
                for k, v in missing.items()
                if k not in self.institutions
            ]
            for inst in Institution.objects.bulk_create(new):
                self.institutions[(inst.name.lower(), inst.city.lower())] = inst.pk
        for p in planned:
            v = p.row.values
            v["institution_id"] = (
                self.institutions.get((v["institution"].lower(), v["city"].lower()))
                if v["institution"]
                else None
            )

    def _expert_rows(self, planned: list[Planned]) -> tuple[list[str], list[tuple]]:
        """The columns and the database values of new experts' rows."""
        defaults = column_defaults(Expert)
        columns = list(defaults)
        rows = []
        for p in planned:
            v = p.row.values
            values = defaults | {f: v[f] for f in UPDATE_FIELDS if v[f] not in ("", None)}
            values |= {
                "institution_id": v["institution_id"],
                "region_id": v["region_id"],
                self.id_field: v["external_id"],
                "search_name": p.row.search_name,
            }
            rows.append(tuple(values[c] for c in columns))
        return columns, rows

    def _update(self, planned: list[Planned]) -> None:
        if not planned:
            return
        existing = Expert.objects.in_bulk([p.expert_id for p in planned])
        changed_fields = set()
        changed_by_expert = {}
        for p in planned:
            expert, v = existing[p.expert_id], p.row.values
            values = {f: v[f] for f in UPDATE_FIELDS if v[f] not in ("", None)}
            values |= {self.id_field: v["external_id"]}
            if v["institution_id"]:
                values["institution_id"] = v["institution_id"]
            if v["region_id"]:
                values["region_id"] = v["region_id"]
            for field, value in values.items():
                if getattr(expert, field) != value:
                    setattr(expert, field, value)
                    changed_fields.add(field)
                    changed_by_expert.setdefault(expert.pk, set()).add(field)
            expert.search_name = normalize_name(expert.full_name)
            expert.updated_at = timezone.now()
        if changed_fields:
            Expert.objects.bulk_update(
                existing.values(), [*changed_fields, "search_name", "updated_at"], batch_size=500
            )
        actor_id = self.job.created_by_id
        hooks.emit_many(
            "expert.updated",
            [
                {"expert_id": pk, "actor_id": actor_id, "fields": sorted(fields)}
                for pk, fields in changed_by_expert.items()
            ],
        )

    def _names(self, p: Planned) -> list[str]:
        return [n.strip() for n in p.row.values["specialties"].split(";") if n.strip()]

    def _resolve_specialties(self, planned: list[Planned]) -> None:
        names = {n for p in planned for n in self._names(p)}
        new = [Specialty(name=n) for n in names if n.lower() not in self.specialties]
        if new:
            Specialty.objects.bulk_create(new, ignore_conflicts=True)
            for s in Specialty.objects.filter(name__in=[n.name for n in new]):
                self.specialties[s.name.lower()] = s.pk

    def _link_specialties(self, planned: list[Planned]) -> None:
        through = Expert.specialties.through
        links = {
            (p.expert_id, self.specialties[n.lower()])
            for p in planned
            for n in self._names(p)
            if n.lower() in self.specialties
        }
        # A new expert has no links yet: plain rows (COPY); an existing one may have some.
        new = {p.expert_id for p in planned if p.outcome == Outcome.CREATED}
        fresh = sorted(k for k in links if k[0] in new)
        insert_rows(through, ("expert_id", "specialty_id"), fresh, prepared=True)
        through.objects.bulk_create(
            [through(expert_id=e, specialty_id=s) for e, s in links if e not in new],
            ignore_conflicts=True,
        )


ROW_COLUMNS = (
    "job_id",
    "row_number",
    "outcome",
    "column",
    "message",
    "data",
    "expert_id",
    "duplicate_of_id",
)


def _log_data(p: Planned) -> str:
    return json.dumps(
        {k: v for k, v in p.row.values.items() if k not in ("region_id", "institution_id")},
        ensure_ascii=False,
    )


def _insert_import_rows(job_id: int, planned: list[Planned], data: list[str]) -> None:
    """One ImportRow per input row, written as plain rows (COPY): the row log is append-only
    plain data, and building 10,000s of model instances per file was a large cost of an import."""
    rows = [
        (job_id, p.row.number, p.outcome, p.column, p.message, d, p.expert_id, p.duplicate_of)
        for p, d in zip(planned, data, strict=True)
    ]
    insert_rows(ImportRow, ROW_COLUMNS, rows, prepared=True)
