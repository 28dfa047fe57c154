"""Institutions: creating one (a data steward directly, field staff through a master-data
request, a system through the API), changing one (the API), and the duplicate warning shown
before one is created."""

import re
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q

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

SIMILARITY = 0.82
"""Two names this alike (difflib ratio of the normalised names) are likely the same place."""

_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalised_name(name: str) -> str:
    """Lower case, without quotes or punctuation, single spaces, ё as е."""
    plain = _PUNCTUATION.sub(" ", name.lower().replace("ё", "е"))
    return _SPACES.sub(" ", plain).strip()


def institutions_similar(*, name: str, city: str = "", limit: int = 5) -> list[Institution]:
    """Institutions that probably are the one about to be created: the same normalised name, one
    name inside the other, or names at least SIMILARITY alike; same-city ones first. Candidates
    are found on the server by the longest word of the name (bounded)."""
    wanted = normalised_name(name)
    words = sorted((w for w in wanted.split() if len(w) >= 3), key=len, reverse=True)
    if not words:
        return []
    word = words[0]  # SQLite folds the case of ASCII only: ask for the usual spellings too
    spelled = Q(name__icontains=word) | Q(name__icontains=word.capitalize())
    candidates = Institution.objects.filter(spelled | Q(name__icontains=word.upper()))
    candidates = candidates.select_related("region")
    similar = []
    for institution in candidates.order_by("name")[:200]:
        other = normalised_name(institution.name)
        if (
            other == wanted
            or wanted in other
            or other in wanted
            or SequenceMatcher(None, wanted, other).ratio() >= SIMILARITY
        ):
            similar.append(institution)
    city = city.strip().lower()
    similar.sort(key=lambda i: (i.city.strip().lower() != city, i.name))
    return similar[:limit]


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    return value if value is None or isinstance(value, bool | int | str) else str(value)


@transaction.atomic
def institution_create(*, actor, changes: dict | None = None, **values) -> Institution:
    """Create an institution and audit it (`changes`: what to record, by default the values)."""
    institution = Institution.objects.create(**values)
    recorded = changes if changes is not None else {k: _plain(v) for k, v in values.items()}
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=institution, changes=recorded)
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
