"""Writes of framework contracts: create, edit, approval, regeneration of the PDF, termination,
expiry."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.errors import ContractError
from contracts.experts_api import consent_blocking_reason
from contracts.generation import document_generate
from contracts.models import Contract, ContractDocument, DocumentKind
from contracts.numbering import next_number
from contracts.services.base import (
    _locked,
    _transition,
    contract_url,
)
from contracts.terms import contract_term_error, money
from kolplatform.core.approvals import (
    ApprovalError,
    ApprovalHandler,
    approval_request_start,
)
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog
from kolplatform.core.notifications import notify

# --- Contracts ---------------------------------------------------------------------------------


def _check_contract_fields(*, expert, starts_on, ends_on, cap_amount, services) -> None:
    error = contract_term_error(starts_on=starts_on, ends_on=ends_on)
    if error:
        raise ContractError(error)
    if cap_amount is None or money(cap_amount) <= 0:
        raise ContractError(_("The cap amount must be positive."))
    if not services:
        raise ContractError(_("Choose at least one service the contract covers."))
    reason = consent_blocking_reason(expert=expert)
    if reason:
        raise ContractError(reason)


@transaction.atomic
def contract_create(
    *,
    expert,
    owner,
    starts_on,
    ends_on,
    cap_amount: Decimal,
    tax_regime: str,
    services: list[str],
    payment_terms_days: int = 10,
) -> Contract:
    """A draft framework contract with the next number (1-3 year term, positive cap, consent)."""
    _check_contract_fields(
        expert=expert,
        starts_on=starts_on,
        ends_on=ends_on,
        cap_amount=cap_amount,
        services=services,
    )
    contract = Contract.objects.create(
        number=next_number("contract", year=starts_on.year),
        expert=expert,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        cap_amount=money(cap_amount),
        tax_regime=tax_regime,
        services=list(services),
        payment_terms_days=payment_terms_days,
    )
    audit_log(actor=owner, action=AuditLog.Action.CREATE, obj=contract)
    return contract


EDITABLE = ("starts_on", "ends_on", "cap_amount", "tax_regime", "services", "payment_terms_days")


@transaction.atomic
def contract_update(*, contract: Contract, actor, **fields) -> Contract:
    """Change a draft; other statuses are refused (the approved text must not move)."""
    contract = _locked(Contract, contract.pk)
    if contract.status != Contract.Status.DRAFT:
        raise ContractError(_("Only a draft contract can be changed."))
    values = {name: fields.get(name, getattr(contract, name)) for name in EDITABLE}
    _check_contract_fields(
        expert=contract.expert,
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        cap_amount=values["cap_amount"],
        services=values["services"],
    )
    changes = {k: str(v) for k, v in values.items() if v != getattr(contract, k)}
    for name, value in values.items():
        setattr(contract, name, value)
    contract.cap_amount = money(contract.cap_amount)
    contract.save(update_fields=list(EDITABLE))
    audit_log(actor=actor, action=AuditLog.Action.UPDATE, obj=contract, changes=changes)
    return contract


@transaction.atomic
def contract_send_for_approval(*, contract: Contract, actor, comment: str = "") -> Contract:
    """Draft -> in approval along the contract route chosen by the cap amount."""
    contract = _locked(Contract, contract.pk)
    reason = consent_blocking_reason(expert=contract.expert)
    if reason:
        raise ContractError(reason)
    if contract.status == Contract.Status.DRAFT and not contract.term_is_valid():
        raise ContractError(
            contract_term_error(starts_on=contract.starts_on, ends_on=contract.ends_on)
        )
    _transition(contract, "send_for_approval", actor=actor, comment=comment)
    try:
        approval_request_start(
            target=contract, actor=actor, amount=contract.cap_amount, comment=comment
        )
    except ApprovalError as exc:
        raise ContractError(str(exc)) from exc
    return contract


def _on_contract_approved(*, target, request, actor, comment):
    contract = _locked(Contract, target.pk)
    _transition(contract, "approve", actor=actor, comment=comment)
    document_generate(kind=DocumentKind.CONTRACT, contract=contract, actor=actor)


def _on_contract_rejected(*, target, request, actor, comment):
    """Rejection returns the contract to draft for editing (two audited transitions)."""
    contract = _locked(Contract, target.pk)
    _transition(contract, "reject", actor=actor, comment=comment)
    _transition(contract, "return_to_draft", actor=actor, comment=comment)
    notify(
        recipients=[contract.owner],
        title=_("Contract %(number)s was rejected and returned to draft") % {"number": contract},
        body=comment,
        url=contract_url(contract),
        level="warning",
    )


# Contributed to hooks.APPROVAL_HANDLER in ContractsConfig.ready().
CONTRACT_APPROVAL_HANDLER = ApprovalHandler(
    on_approved=_on_contract_approved, on_rejected=_on_contract_rejected
)


@transaction.atomic
def contract_regenerate_document(*, contract: Contract, actor) -> ContractDocument:
    """A new PDF version (e.g. after the expert declined); only before the expert signed."""
    contract = _locked(Contract, contract.pk)
    if contract.status not in (Contract.Status.APPROVED, Contract.Status.SENT_TO_EXPERT):
        raise ContractError(_("The document can be regenerated only before it is signed."))
    return document_generate(kind=DocumentKind.CONTRACT, contract=contract, actor=actor)


@transaction.atomic
def contract_terminate(*, contract: Contract, actor, reason: str) -> Contract:
    if not reason.strip():
        raise ContractError(_("Give the reason for terminating the contract."))
    contract = _locked(Contract, contract.pk)
    return _transition(contract, "terminate", actor=actor, comment=reason)


def contracts_expire_ended() -> int:
    """Daily: active contracts past their end date expire (idempotent)."""
    count = 0
    ended = Contract.objects.filter(status=Contract.Status.ACTIVE, ends_on__lt=timezone.localdate())
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            contract = _locked(Contract, pk)
            if contract.status == Contract.Status.ACTIVE and contract.has_ended():
                _transition(contract, "expire", actor=None)
                count += 1
    return count
