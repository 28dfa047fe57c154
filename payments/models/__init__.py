"""Payments models: payouts and their checks, tax settings, registries, confirmations, support."""

from payments.models.payout import (
    CapException,
    NpdStatusCheck,
    Payout,
    PayoutCheck,
)
from payments.models.registry import (
    ConfirmationImport,
    ConfirmationRow,
    PaymentOrderCounter,
    PaymentRegistry,
    RegistryLine,
)
from payments.models.settings import AnnualCap, ContributionSetting, PayoutSettings, TaxRate
from payments.models.support import SupportMessage

__all__ = [
    "AnnualCap",
    "CapException",
    "ConfirmationImport",
    "ConfirmationRow",
    "ContributionSetting",
    "NpdStatusCheck",
    "PaymentOrderCounter",
    "PaymentRegistry",
    "Payout",
    "PayoutCheck",
    "PayoutSettings",
    "RegistryLine",
    "SupportMessage",
    "TaxRate",
]
