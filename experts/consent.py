"""Personal-data consent rules (152-FZ).

* A consent is valid at moment T when it was given at or before T and not withdrawn at or before T.
* An expert may be contracted or paid only while active, not erased, not merged into another
  record and holding a valid consent. Withdrawing the consent stops processing: the expert is
  blocked from new work until a new consent is recorded.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from experts.models import Consent, Expert


def _moment(on) -> datetime.datetime:
    if on is None:
        return timezone.now()
    if isinstance(on, datetime.datetime):
        return on
    # A date means the end of that day: a consent given during the day counts for it.
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))


def valid_consent_q(on=None, prefix: str = "") -> Q:
    """Q over Consent rows valid at `on` (prefix e.g. "consents__" for Expert queries)."""
    moment = _moment(on)
    return Q(**{f"{prefix}given_at__lte": moment}) & (
        Q(**{f"{prefix}withdrawn_at__isnull": True}) | Q(**{f"{prefix}withdrawn_at__gt": moment})
    )


def valid_consent_exists(on=None) -> Exists:
    """Exists() expression for Expert querysets: the expert holds a valid consent at `on`."""
    return Exists(Consent.objects.filter(valid_consent_q(on), expert=OuterRef("pk")))


def consent_is_valid(*, expert: Expert, on=None) -> bool:
    """True when the expert holds a consent given and not withdrawn at `on` (default now)."""
    return Consent.objects.filter(valid_consent_q(on), expert=expert).exists()


def consent_blocking_reason(*, expert: Expert, on=None) -> str | None:
    """Why the expert cannot be contracted or paid at `on` (default: now), or None."""
    if expert.erased_at:
        return _("The expert's personal data were erased on request.")
    if expert.merged_into_id:
        return _("The record was merged into another expert record.")
    if not expert.is_active:
        return _("The expert is inactive.")
    if consent_is_valid(expert=expert, on=on):
        return None
    last = Consent.objects.filter(expert=expert).order_by("-given_at").first()
    if last is None:
        return _("No personal-data consent has been recorded.")
    if last.withdrawn_at and last.withdrawn_at <= timezone.now():
        return _("The personal-data consent was withdrawn on %(date)s.") % {
            "date": date_format(timezone.localtime(last.withdrawn_at), "SHORT_DATE_FORMAT")
        }
    return _("The personal-data consent takes effect on %(date)s.") % {
        "date": date_format(timezone.localtime(last.given_at), "SHORT_DATE_FORMAT")
    }


# --- Choices inside a consent (named disclosure, e-mails) ---------------------------------------
#
# The latest consent row holds the current choices. They change only when the data subject
# picks another value, shown the current one; a page showing an older consent than the current
# one cannot change anything (the values on it were not the ones in force).

CHOICE_FIELDS = ("allows_named_disclosure", "allows_email")
CHOICE_DEFAULTS = {"allows_named_disclosure": False, "allows_email": True}


def consent_in_force(consents, *, now=None) -> Consent | None:
    """The consent in force at `now` among one expert's consents: the latest one given (by
    given_at, then by id), unless it was withdrawn."""
    now = now or timezone.now()
    latest = max((c for c in consents if c.given_at <= now), key=_given_order, default=None)
    if latest is None or latest.withdrawn_at is not None:
        return None
    return latest


def _given_order(consent: Consent):
    return consent.given_at, consent.pk


def consent_current(*, expert: Expert) -> Consent | None:
    """The consent in force now (consent_in_force), read with one query for the latest."""
    now = timezone.now()
    latest = (
        Consent.objects.filter(expert=expert, given_at__lte=now)
        .order_by("-given_at", "-pk")
        .first()
    )
    return consent_in_force([latest] if latest else [], now=now)


def consent_choices_of(consent: Consent | None) -> dict[str, bool]:
    """The choices a consent holds; without a consent, the defaults a new one would get."""
    if consent is None:
        return dict(CHOICE_DEFAULTS)
    return {name: getattr(consent, name) for name in CHOICE_FIELDS}


def consent_choice_changes(*, current: dict, chosen: dict) -> dict[str, list[bool]]:
    """{field: [old, new]} for the choices the subject actually changed. A choice left out of
    `chosen` (or None) was not made, and keeps its current value."""
    return {
        name: [current[name], chosen[name]]
        for name in CHOICE_FIELDS
        if chosen.get(name) is not None and chosen[name] != current[name]
    }
