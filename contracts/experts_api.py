"""The expert-base functions the contracts module relies on, in one place: consent (152-FZ) and
the expert's own consent choices, rates by tier and the bank details snapshot, all owned by the
experts module."""

import datetime
from decimal import Decimal

from experts.bank import bank_details_are_complete, bank_details_snapshot
from experts.consent import consent_blocking_reason, consent_current, consent_is_valid
from experts.errors import ConsentError, NoRateCardError
from experts.rates import fee_for as _experts_fee_for
from experts.rates import rate_card_for
from experts.services.consents import consent_choose


class RateUnavailable(Exception):
    """No rate applies (no tier or no rate card); the message says why."""


def fee_for(*, tier: str, service_type: str, hours: Decimal, on: datetime.date) -> Decimal:
    """fee = hours x RateCard(tier, service, date), see experts.rates; RateUnavailable with the
    reason when no rate applies."""
    try:
        return _experts_fee_for(tier=tier, service_type=service_type, hours=hours, on=on)
    except NoRateCardError as exc:
        raise RateUnavailable(str(exc)) from exc


__all__ = [
    "ConsentError",
    "RateUnavailable",
    "bank_details_are_complete",
    "bank_details_snapshot",
    "consent_blocking_reason",
    "consent_choose",
    "consent_current",
    "consent_is_valid",
    "fee_for",
    "rate_card_for",
]
