"""What payments needs from the experts module, in one place.

Consent validity and bank-details completeness are the experts module's rules; the checks and the
registry export read them for thousands of payouts at once, so each has a batch form here that
costs one query (and decrypts the bank details once per expert, only where they are written out).
"""

from django.db.models import BooleanField, ExpressionWrapper, Q

from experts.bank import REQUIRED_FIELDS
from experts.consent import valid_consent_q
from experts.models import Consent, ExpertBankDetails

BANK_FIELDS = ("account", "bik", "bank_name", "corr_account", "inn")


def consented_expert_ids(*, expert_ids, on=None) -> set[int]:
    """The experts among `expert_ids` holding a personal-data consent given and not withdrawn
    at `on` (default now; 152-ФЗ ст. 9), in one query."""
    return set(
        Consent.objects.filter(valid_consent_q(on), expert_id__in=list(expert_ids)).values_list(
            "expert_id", flat=True
        )
    )


def bank_details_status(*, expert_ids) -> dict[int, tuple[bool, bool]]:
    """(complete, verified) of the experts' bank details, in one query, without decrypting them.

    Complete is experts.bank.bank_details_are_complete: every REQUIRED_FIELDS value filled. The
    encrypted fields store an empty value as NULL (only a non-empty value is encrypted), so
    "filled" is "not NULL" in SQL. An expert without bank details is absent from the result.
    """
    filled = Q()
    for name in REQUIRED_FIELDS:
        filled &= Q(**{f"{name}__isnull": False})
    rows = (
        ExpertBankDetails.objects.filter(expert_id__in=list(expert_ids))
        .annotate(complete=ExpressionWrapper(filled, output_field=BooleanField()))
        .values_list("expert_id", "complete", "verified_at")
    )
    return {
        expert_id: (complete, verified_at is not None) for expert_id, complete, verified_at in rows
    }


def payees(payouts) -> dict[int, dict]:
    """The payee's bank details (as bank_details_for) of each payout, by payout id: the expert's
    details read once per expert in one query, else the contract's snapshot."""
    experts = {p.expert_id for p in payouts}
    stored = {
        d.expert_id: d
        for d in ExpertBankDetails.objects.filter(expert_id__in=list(experts)).only(
            "expert_id", "verified_at", *BANK_FIELDS
        )
    }
    by_expert = {pk: _details_dict(d) for pk, d in stored.items()}
    return {p.pk: by_expert.get(p.expert_id) or _snapshot_dict(p.contract) for p in payouts}


def _details_dict(details) -> dict:
    data = {f: str(getattr(details, f, "") or "") for f in BANK_FIELDS}
    data["verified"] = bool(details.verified_at)
    return data


def _snapshot_dict(contract) -> dict:
    snapshot = contract.bank_details_snapshot or {}
    data = {f: str(snapshot.get(f, "") or "") for f in BANK_FIELDS}
    data["verified"] = bool(snapshot.get("verified", bool(data["account"] and data["bik"])))
    return data


def expert_inn(expert) -> str:
    """The expert's INN if the experts module records it."""
    return str(getattr(expert, "inn", "") or "")
