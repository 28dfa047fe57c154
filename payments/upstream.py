"""What payments needs from the experts module, in one place.

The experts module provides consent validity, bank-details completeness and the encrypted bank
details; until it is merged these fall back to the same rules on the shared skeleton models.
"""

from django.utils import timezone

try:  # pragma: no cover - depends on the experts module being merged
    from experts.consent import consent_is_valid as _consent_is_valid
except ImportError:  # pragma: no cover
    _consent_is_valid = None

try:  # pragma: no cover
    from experts.bank import bank_details_are_complete as _bank_details_are_complete
except ImportError:  # pragma: no cover
    _bank_details_are_complete = None

try:  # pragma: no cover
    from experts.models import ExpertBankDetails
except ImportError:  # pragma: no cover
    ExpertBankDetails = None

BANK_FIELDS = ("account", "bik", "bank_name", "corr_account", "inn")


def consent_is_valid(*, expert, on=None) -> bool:
    """A personal-data consent given (on or before `on`) and not withdrawn (152-ФЗ ст. 9)."""
    if _consent_is_valid is not None:
        return _consent_is_valid(expert=expert, on=on)
    moment = on or timezone.now()
    return expert.consents.filter(given_at__lte=moment, withdrawn_at__isnull=True).exists()


def bank_details_for(*, expert, contract) -> dict:
    """The payee's bank details: the expert's verified details, else the contract's snapshot."""
    if ExpertBankDetails is not None:
        details = ExpertBankDetails.objects.filter(expert=expert).first()
        if details is not None:
            data = {f: str(getattr(details, f, "") or "") for f in BANK_FIELDS}
            data["verified"] = bool(getattr(details, "verified_at", None))
            return data
    snapshot = contract.bank_details_snapshot or {}
    data = {f: str(snapshot.get(f, "") or "") for f in BANK_FIELDS}
    data["verified"] = bool(snapshot.get("verified", bool(data["account"] and data["bik"])))
    return data


def bank_details_are_complete(*, expert, contract) -> tuple[bool, bool]:
    """(complete, verified) for the payee's bank details."""
    details = bank_details_for(expert=expert, contract=contract)
    if _bank_details_are_complete is not None and ExpertBankDetails is not None:
        return bool(_bank_details_are_complete(expert=expert)), details["verified"]
    complete = len(details["account"]) == 20 and len(details["bik"]) == 9
    return complete, details["verified"]


def expert_inn(expert) -> str:
    """The expert's INN if the experts module records it."""
    return str(getattr(expert, "inn", "") or "")
