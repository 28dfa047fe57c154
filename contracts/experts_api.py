"""The expert-base functions contracts rely on, in one place.

The experts module provides them (`experts.consent`, `experts.rates`, `experts.bank`); when it is
not installed in this form, the same rules are applied here from the shared Expert, Consent and
RateCard fields, so the contracts module works on its own. Once the experts module is merged,
the fallbacks below can be deleted and the imports kept.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Consent, RateCard, ServiceType, Tier


class RateUnavailable(Exception):
    """No rate applies (no tier or no rate card); the message says why."""


try:  # pragma: no cover - depends on the experts module
    from experts.consent import consent_blocking_reason, consent_is_valid
except ImportError:

    def consent_is_valid(*, expert, on=None) -> bool:
        """A consent given at or before `on` and not withdrawn at or before it (152-FZ)."""
        moment = on or timezone.now()
        if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
            moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time.max))
        return Consent.objects.filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=moment),
            expert=expert,
            given_at__lte=moment,
        ).exists()

    def consent_blocking_reason(*, expert) -> str | None:
        if not expert.is_active:
            return _("The expert is inactive.")
        if consent_is_valid(expert=expert):
            return None
        return _("No valid personal-data consent has been recorded.")


try:  # pragma: no cover - depends on the experts module
    from experts.rates import fee_for as _experts_fee_for
    from experts.rates import rate_card_for
except ImportError:
    _experts_fee_for = None

    def rate_card_for(*, tier: str, service_type: str, on: datetime.date):
        """The rate card for tier and service valid on `on` (latest valid_from wins), or None."""
        return (
            RateCard.objects.filter(tier=tier, service_type=service_type, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from", "-id")
            .first()
        )


def fee_for(*, tier: str, service_type: str, hours: Decimal, on: datetime.date) -> Decimal:
    """fee = hours x RateCard(tier, service, date) in kopecks ROUND_HALF_UP; RateUnavailable."""
    if _experts_fee_for is not None:
        try:
            return _experts_fee_for(tier=tier, service_type=service_type, hours=hours, on=on)
        except Exception as exc:  # experts.errors.NoRateCardError carries the reason
            raise RateUnavailable(str(exc)) from exc
    if not tier:
        raise RateUnavailable(_("The expert has no tier yet: grade the expert first."))
    card = rate_card_for(tier=tier, service_type=service_type, on=on)
    if card is None:
        raise RateUnavailable(
            _("No rate card for tier %(tier)s, service %(service)s on %(date)s.")
            % {
                "tier": Tier(tier).label,
                "service": ServiceType(service_type).label,
                "date": on.strftime("%d.%m.%Y"),
            }
        )
    return (Decimal(hours) * card.fee_per_hour).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


try:  # pragma: no cover - depends on the experts module
    from experts.bank import bank_details_are_complete, bank_details_snapshot
except ImportError:

    def bank_details_are_complete(*, expert) -> bool:
        """Without the experts bank module there are no bank details to check."""
        return False

    def bank_details_snapshot(*, expert) -> dict:
        return {}


__all__ = [
    "RateUnavailable",
    "bank_details_are_complete",
    "bank_details_snapshot",
    "consent_blocking_reason",
    "consent_is_valid",
    "fee_for",
    "rate_card_for",
]
