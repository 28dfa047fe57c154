"""Fees (DESIGN.md §5): fee = hours x RateCard(tier, service type, date).

The rate card that applies on a date is the one for the tier and service type whose validity
period [valid_from, valid_to] (both inclusive, open end when valid_to is empty) contains the date;
if periods overlap, the latest valid_from wins. The fee is quantized to kopecks ROUND_HALF_UP.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from experts.errors import NoRateCardError
from experts.models import RateCard, ServiceType, Tier

KOPECK = Decimal("0.01")


def _valid_on(on: datetime.date, **filters):
    """The rate cards matching `filters` whose period contains `on`, the one that applies first
    (the latest valid_from, then the latest created)."""
    if isinstance(on, datetime.datetime):
        on = on.date()
    return (
        RateCard.objects.filter(valid_from__lte=on, **filters)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("currency")
        .order_by("-valid_from", "-id")
    )


def rate_card_for(*, tier: str, service_type: str, on: datetime.date) -> RateCard | None:
    """The rate card for tier and service type valid on `on`, or None."""
    return _valid_on(on, tier=tier, service_type=service_type).first()


def rate_cards_for(*, tier: str, on: datetime.date) -> dict[str, RateCard]:
    """rate_card_for of every service type that has one, in one query: service type -> card."""
    cards = {}
    for card in _valid_on(on, tier=tier):
        cards.setdefault(card.service_type, card)
    return cards


def fee_amount(*, hours: Decimal, fee_per_hour: Decimal) -> Decimal:
    """hours x rate, in kopecks ROUND_HALF_UP. Negative hours are refused."""
    hours = Decimal(hours)
    if hours < 0:
        raise ValueError(_("Hours cannot be negative."))
    return (hours * Decimal(fee_per_hour)).quantize(KOPECK, rounding=ROUND_HALF_UP)


def fee_for(*, tier: str, service_type: str, hours: Decimal, on: datetime.date) -> Decimal:
    """The fee for `hours` of `service_type` by an expert of `tier` on date `on`.

    Raises NoRateCardError (with a message naming tier, service and date) when the expert has no
    tier or no rate card applies.
    """
    if not tier:
        raise NoRateCardError(_("The expert has no tier yet: grade the expert first."))
    card = rate_card_for(tier=tier, service_type=service_type, on=on)
    if card is None:
        raise NoRateCardError(
            _("No rate card for tier %(tier)s, service %(service)s on %(date)s.")
            % {
                "tier": Tier(tier).label,
                "service": ServiceType(service_type).label,
                "date": on.strftime("%d.%m.%Y"),
            }
        )
    return fee_amount(hours=hours, fee_per_hour=card.fee_per_hour)
