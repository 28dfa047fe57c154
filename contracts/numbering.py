"""Configurable numbering: NumberSequence rows per kind and year; the year-0 row of a kind holds the
pattern a new year starts with (seeded by a data migration, editable in the admin)."""

from django.db import transaction
from django.utils import timezone

from contracts.models import NumberSequence

DEFAULT_PATTERNS = {
    "contract": "К-{year}-{seq:05d}",
    "order": "З-{year}-{seq:05d}",
    "act": "А-{year}-{seq:05d}",
    "invoice": "С-{year}-{seq:05d}",
}


def next_number(kind: str, *, year: int | None = None) -> str:
    """The next number of `kind` for `year` (this year by default); gap-free under a row lock."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        seq = (
            NumberSequence.objects.select_for_update(of=("self",))
            .filter(kind=kind, year=year)
            .first()
        )
        if seq is None:
            template = NumberSequence.objects.filter(kind=kind, year=0).first()
            pattern = template.pattern if template else DEFAULT_PATTERNS.get(kind, "{year}-{seq}")
            seq, _ = NumberSequence.objects.get_or_create(
                kind=kind, year=year, defaults={"pattern": pattern}
            )
            seq = NumberSequence.objects.select_for_update(of=("self",)).get(pk=seq.pk)
        seq.last_value += 1
        seq.save(update_fields=["last_value"])
        return seq.pattern.format(year=year, seq=seq.last_value)
