"""System checks of the contracts module (run by `migrate` and `check --database default`)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from contracts.seal import seal_unavailable_reason


@register(Tags.database)
def signing_certificate_check(app_configs=None, databases=None, **kwargs):
    """The organisation's signing certificate is in place, or can be made without harm."""
    if not databases:
        return []
    try:
        reason = seal_unavailable_reason()
    except DatabaseError:  # not migrated yet
        return []
    if reason is None:
        return []
    return [
        Warning(
            reason,
            hint="Signed documents stay unsealed until the certificate is restored; see "
            "docs/operations.md (backups).",
            id="contracts.W001",
        )
    ]
