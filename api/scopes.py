"""Scopes of API keys: `<resource>:<action>`, with `*` for any resource or action.

A key's scopes are matched against the scope a view needs: `experts:read` needs `experts:read`,
`experts:*` or `*`. `write` does not imply `read` (a CRM that only pushes experts needs no read
access to them); a key that reads and writes lists both, or `experts:*`."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

RESOURCES = ("experts", "events", "contracts", "payouts", "feedback", "analytics")
# The scopes a key may be given, with what they allow (shown on the key page).
SCOPES = {
    "experts:read": _("Read experts and institutions"),
    "experts:write": _("Create and change experts and institutions, bulk upsert"),
    "events:read": _("Read events and their participants"),
    "contracts:read": _("Read contracts and documents, download signed copies"),
    "payouts:read": _("Read payouts"),
    "payouts:write": _("Record bank confirmations of payouts"),
    "feedback:read": _("Read feedback aggregates"),
    "analytics:read": _("Read the analytics datasets"),
}
WILDCARDS = {
    "*": _("Everything above"),
    **{f"{r}:*": format_lazy(_("Everything on {resource}"), resource=r) for r in RESOURCES},
}
ALL_SCOPES = {**SCOPES, **WILDCARDS}


def scope_allows(granted, needed: str) -> bool:
    """Whether the scopes `granted` include `needed` (`resource:action`)."""
    resource, _sep, _action = needed.partition(":")
    return any(g in ("*", needed, f"{resource}:*") for g in granted)


def scopes_invalid(scopes) -> list[str]:
    """The names in `scopes` that are not scopes."""
    return [s for s in scopes if s not in ALL_SCOPES]
