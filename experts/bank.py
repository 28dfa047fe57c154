"""Bank details for contracts and payments; every read for a person is audit-logged."""

from django.utils import timezone

from experts.models import Expert, ExpertBankDetails
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

REQUIRED_FIELDS = ("recipient_name", "inn", "bank_name", "bik", "account", "corr_account")
IDENTITY_FIELDS = ("snils", "passport_series", "passport_number", "passport_issued_by")
SNAPSHOT_FIELDS = (
    "recipient_name",
    "inn",
    "snils",
    "passport_series",
    "passport_number",
    "passport_issued_by",
    "passport_issued_on",
    "bank_name",
    "bik",
    "account",
    "corr_account",
)


def _details(expert: Expert) -> ExpertBankDetails | None:
    try:
        return expert.bank_details
    except ExpertBankDetails.DoesNotExist:
        return None


def bank_details_are_complete(*, expert: Expert) -> bool:
    """Payable: recipient, INN, bank, BIK, account and correspondent account are all filled."""
    details = _details(expert)
    return details is not None and all(getattr(details, f) for f in REQUIRED_FIELDS)


def bank_details_snapshot(*, expert: Expert) -> dict:
    """Plain copy of the bank details (strings; date as ISO) to freeze into a contract/payout.

    Reading for a machine process is not a "view"; callers that show it to a person log it via
    bank_details_for_view."""
    details = _details(expert)
    if details is None:
        return {}
    data = {}
    for field in SNAPSHOT_FIELDS:
        value = getattr(details, field)
        data[field] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
    data["verified_at"] = details.verified_at.isoformat() if details.verified_at else ""
    return data


def bank_details_for_view(*, expert: Expert, user, ip_address: str | None = None):
    """The details to show to `user`, with an audit record of the view (None if none stored)."""
    details = _details(expert)
    if details is not None:
        audit_log(
            actor=user,
            action=AuditLog.Action.VIEW_SENSITIVE,
            obj=expert,
            comment="bank details and identity document viewed",
            changes={"at": timezone.now().isoformat()},
            ip_address=ip_address,
        )
    return details


def mask(value: str | None, keep: int = 4) -> str:
    """'40817810099910004312' -> '••••4312' for places that show presence, not content."""
    if not value:
        return ""
    value = str(value)
    return "••••" + value[-keep:] if len(value) > keep else "••••"
