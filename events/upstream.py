"""The rules events need from experts and contracts, in one place.

The experts and contracts modules own these rules (`experts.consent`, `experts.rates`,
`contracts.selectors`, `contracts.services`); events call them through this module only.
"""

from datetime import date
from decimal import Decimal

from contracts.caps import cap_line_text
from contracts.errors import ContractError
from contracts.models import Act
from contracts.selectors import commitment_limits, contract_active_for
from contracts.services import commitment_check, service_order_approve
from contracts.services import service_order_create as _contracts_order_create
from experts.consent import consent_blocking_reason, consent_is_valid
from experts.models import Competency
from experts.rates import rate_card_for
from kolplatform.core.errors import DomainError


class OrderError(DomainError):
    """An order that the contract rules refuse; the message is shown."""


def service_order_create(*, contract, service_type, hours, order_date, actor, description=""):
    """An approved order under `contract` (fee = hours x the tier rate, refused above the cap;
    contracts.services), its PDF generated for signing; OrderError with the reason otherwise."""
    try:
        order = _contracts_order_create(
            contract=contract,
            service_type=service_type,
            hours=hours,
            order_date=order_date,
            actor=actor,
            description=description,
        )
        return service_order_approve(order=order, actor=actor)
    except ContractError as exc:
        raise OrderError(str(exc)) from exc


def commitment_refusal(*, expert, on: date, amounts: dict, exclude_order_ids=()) -> str | None:
    """Why committing `amounts` ({contract: amount}) to `expert` would break a cap (the contract
    cap, the annual cap: contracts.caps), or None."""
    try:
        commitment_check(expert=expert, on=on, amounts=amounts, exclude_order_ids=exclude_order_ids)
    except ContractError as exc:
        return str(exc)
    return None


def caps_remaining(*, expert, on: date) -> list[str]:
    """What remains under each cap of `expert` on `on` (the active contract's, the annual), as
    text for the page."""
    contract = contract_active_for(expert=expert, on=on)
    lines = commitment_limits(expert=expert, on=on, contracts=[contract] if contract else [])
    return [cap_line_text(line) for line in lines]


def order_rate_preview(*, expert, service_type, on: date) -> Decimal | None:
    card = rate_card_for(tier=expert.tier, service_type=service_type, on=on)
    return card.fee_per_hour if card else None


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
    # order.act raises RelatedObjectDoesNotExist (an AttributeError) while the order has no act.
    act = getattr(order, "act", None) if order is not None else None
    return act is not None and act.status == Act.Status.SIGNED_BY_COMPANY


__all__ = [
    "OrderError",
    "act_signed",
    "caps_remaining",
    "commitment_refusal",
    "consent_blocking_reason",
    "consent_is_valid",
    "contract_active_for",
    "has_competency",
    "order_rate_preview",
    "service_order_create",
]
