"""Institutions: creating one (a data steward directly, field staff through a master-data
request) and the duplicate warning shown before it is created."""

import re
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q

from experts.models import Institution
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

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


@transaction.atomic
def institution_create(*, actor, changes: dict | None = None, **values) -> Institution:
    """Create an institution and audit it (`changes`: what to record, by default the values)."""
    institution = Institution.objects.create(**values)
    recorded = changes if changes is not None else {k: str(v) for k, v in values.items()}
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=institution, changes=recorded)
    return institution
