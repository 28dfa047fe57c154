"""The rules events need from experts and contracts, in one place.

The experts and contracts modules own these rules (`experts.consent`, `contracts.selectors`,
`contracts.services`); when they are not installed, the same rule is applied here on the shared
models so that events work on their own.
"""

import secrets
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract, ServiceOrder
from experts.models import Competency, Consent, RateCard

try:  # pragma: no cover - depends on the installed experts module
    from experts.consent import consent_blocking_reason, consent_is_valid
except ImportError:

    def consent_is_valid(*, expert, on=None) -> bool:
        """Valid while given (before `on`) and not withdrawn (152-FZ)."""
        moment = on or timezone.now()
        return Consent.objects.filter(
            expert=expert, given_at__lte=moment, withdrawn_at__isnull=True
        ).exists()

    def consent_blocking_reason(*, expert, on=None) -> str:
        if consent_is_valid(expert=expert, on=on):
            return ""
        return _("%(expert)s has no valid personal-data consent.") % {"expert": expert}


try:  # pragma: no cover
    from contracts.selectors import contract_active_for
except ImportError:

    def contract_active_for(*, expert, on: date):
        """The expert's active contract covering `on`, or None."""
        return (
            Contract.objects.filter(
                expert=expert,
                status=Contract.Status.ACTIVE,
                starts_on__lte=on,
                ends_on__gte=on,
            )
            .order_by("-starts_on")
            .first()
        )


class OrderError(Exception):
    """An order that the contract rules refuse; the message is shown."""


try:  # pragma: no cover
    from contracts.services import service_order_create as _contracts_order_create
except ImportError:
    _contracts_order_create = None


def _rate_for(*, tier: str, service_type: str, on: date) -> Decimal | None:
    card = (
        RateCard.objects.filter(tier=tier, service_type=service_type, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .order_by("-valid_from")
        .first()
    )
    return card.fee_per_hour if card else None


def service_order_create(*, contract, service_type, hours, order_date, actor, description=""):
    """Create an order under `contract`: fee = hours x the tier rate; refused above the cap."""
    if _contracts_order_create is not None:  # pragma: no cover
        try:
            return _contracts_order_create(
                contract=contract,
                service_type=service_type,
                hours=hours,
                order_date=order_date,
                actor=actor,
                description=description,
            )
        except Exception as exc:  # the contracts module's domain errors carry the message
            raise OrderError(str(exc)) from exc
    rate = _rate_for(tier=contract.expert.tier, service_type=service_type, on=order_date)
    if rate is None:
        raise OrderError(_("No rate card for this tier and service on this date."))
    amount = (Decimal(hours) * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    ordered = sum(o.amount for o in contract.orders.exclude(status=ServiceOrder.Status.CANCELLED))
    if ordered + amount > contract.cap_amount:
        raise OrderError(
            _("The order of %(amount)s would exceed the contract cap %(cap)s (ordered %(done)s).")
            % {"amount": amount, "cap": contract.cap_amount, "done": ordered}
        )
    return ServiceOrder.objects.create(
        number=f"З-{order_date.year}-{secrets.token_hex(4).upper()}",
        contract=contract,
        service_type=service_type,
        hours=hours,
        rate=rate,
        amount=amount,
        order_date=order_date,
        created_by=actor,
        description=description,
    )


def order_rate_preview(*, expert, service_type, on: date) -> Decimal | None:
    return _rate_for(tier=expert.tier, service_type=service_type, on=on)


def has_competency(*, expert, topic: str, products, therapeutic_area) -> bool:
    """The expert is approved to speak on the topic, one of the products or the area."""
    qs = Competency.objects.filter(expert=expert)
    words = [w for w in topic.lower().split() if len(w) > 4]
    for comp in qs:
        if comp.product_id and comp.product_id in {p.pk for p in products}:
            return True
        if therapeutic_area and comp.therapeutic_area_id == therapeutic_area.pk:
            return True
        if comp.topic and (
            comp.topic.lower() in topic.lower() or any(w in comp.topic.lower() for w in words)
        ):
            return True
    return False


def act_signed(order) -> bool:
    """The act of `order` is signed by both sides."""
    act = getattr(order, "act", None) if order is not None else None
    return act is not None and act.status == "signed_by_company"
