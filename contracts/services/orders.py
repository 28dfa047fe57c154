"""Service orders within a contract's caps, and the act made from an order."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from contracts.caps import commitment_refusal
from contracts.errors import ContractError
from contracts.experts_api import RateUnavailable, fee_for
from contracts.generation import document_generate
from contracts.models import Act, Contract, ContractDocument, DocumentKind, ServiceOrder
from contracts.numbering import next_number
from contracts.selectors import commitment_limits, contract_ordered_totals
from contracts.services.base import (
    _locked,
    _transition,
)
from contracts.terms import money
from experts.models import Expert
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

# --- Service orders --------------------------------------------------------------------------


def contract_committed_amount(contract: Contract) -> Decimal:
    """Sum of the contract's orders that are not cancelled."""
    return contract_ordered_totals(contract_ids=[contract.pk])[contract.pk]


def commitment_check(*, expert, on, amounts: dict, exclude_order_ids=()) -> None:
    """Refuse (ContractError) to commit `amounts` ({contract: amount}) to `expert` on `on` when
    a cap would break (contracts.caps); `exclude_order_ids` are the orders being re-committed.

    The expert's row is locked first, so two commitments to one expert are decided one after
    the other (PostgreSQL) and cannot both fit into a cap only one fits."""
    Expert.objects.select_for_update().filter(pk=expert.pk).first()
    lines = commitment_limits(
        expert=expert, on=on, contracts=list(amounts), exclude_order_ids=exclude_order_ids
    )
    refusal = commitment_refusal(lines, {c.pk: amount for c, amount in amounts.items()})
    if refusal:
        raise ContractError(refusal)


@transaction.atomic
def service_order_create(
    *, contract: Contract, service_type: str, hours, order_date, actor, description: str = ""
) -> ServiceOrder:
    """An order under an active contract: rate from the rate card for the expert's tier on the
    order date; refused when the contract does not cover it or a cap would be exceeded (the
    contract cap, the annual cap of the expert: commitment_check)."""
    contract = _locked(Contract, contract.pk)
    if contract.status != Contract.Status.ACTIVE:
        raise ContractError(_("Orders can be placed only under an active contract."))
    if not (contract.starts_on <= order_date <= contract.ends_on):
        raise ContractError(_("The order date is outside the contract term."))
    if service_type not in contract.services:
        raise ContractError(_("The contract does not cover this service."))
    hours = Decimal(hours)
    if hours <= 0:
        raise ContractError(_("Hours must be positive."))
    try:
        amount = fee_for(
            tier=contract.expert.tier, service_type=service_type, hours=hours, on=order_date
        )
    except RateUnavailable as exc:
        raise ContractError(str(exc)) from exc
    commitment_check(expert=contract.expert, on=order_date, amounts={contract: amount})
    order = ServiceOrder.objects.create(
        number=next_number("order", year=order_date.year),
        contract=contract,
        service_type=service_type,
        description=description,
        order_date=order_date,
        hours=hours,
        rate=money(amount / hours),
        amount=amount,
        created_by=actor,
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=order)
    return order


@transaction.atomic
def service_order_approve(*, order: ServiceOrder, actor) -> ServiceOrder:
    """Draft -> approved; the order PDF is generated for signing by both sides."""
    order = _locked(ServiceOrder, order.pk)
    _transition(order, "approve", actor=actor)
    document_generate(kind=DocumentKind.ORDER, contract=order.contract, order=order, actor=actor)
    return order


@transaction.atomic
def service_order_cancel(*, order: ServiceOrder, actor, reason: str) -> ServiceOrder:
    if not reason.strip():
        raise ContractError(_("Give the reason for cancelling the order."))
    order = _locked(ServiceOrder, order.pk)
    _transition(order, "cancel", actor=actor, comment=reason)
    for doc in order.documents.exclude(status=ContractDocument.Status.SUPERSEDED):
        if can_proceed(doc.supersede):
            _transition(doc, "supersede", actor=actor, comment=reason)
    return order


# --- Acts ------------------------------------------------------------------------------------


@transaction.atomic
def act_create(*, order: ServiceOrder, actual_hours, act_date, actor) -> Act:
    """An act from an approved or signed order: amount = actual hours x the order's rate; actual
    hours may not exceed the ordered hours."""
    order = _locked(ServiceOrder, order.pk)
    if order.status not in (ServiceOrder.Status.APPROVED, ServiceOrder.Status.SIGNED):
        raise ContractError(_("An act can be made only for an approved order."))
    if Act.objects.filter(order=order).exists():
        raise ContractError(_("This order already has an act."))
    actual_hours = Decimal(actual_hours)
    if actual_hours <= 0 or actual_hours > order.hours:
        raise ContractError(
            _("Actual hours must be positive and not above the ordered %(hours)s.")
            % {"hours": order.hours}
        )
    act = Act.objects.create(
        number=next_number("act", year=act_date.year),
        order=order,
        act_date=act_date,
        actual_hours=actual_hours,
        amount=money(actual_hours * order.rate),
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=act)
    document_generate(
        kind=DocumentKind.ACT, contract=order.contract, order=order, act=act, actor=actor
    )
    return act
