"""Writes of the contracts module: contracts, service orders and acts (STYLE.md rule 3).

Public functions for other modules:
- `service_order_create(*, contract, service_type, hours, order_date, actor, description="")`
  (events: a speaker's order; refuses above the contract cap or the annual cap with the reason);
- `commitment_check(*, expert, on, amounts, exclude_order_ids=())` (events: the speaker fees of
  an event going to approval); raises ContractError naming the cap that would break.

Hooks (kolplatform.core.hooks) run from here, in the signing transaction:
- `hooks.ACT_SIGNED`: `fn(*, act, actor)` when an act becomes signed by both sides (payments
  creates the payout there);
- `hooks.INVOICE_SIGNED`: `fn(*, act, document, actor)` when an entrepreneur expert signs the
  invoice for an act (payments attaches it).
Events emitted on commit: contract.signed, document.signed, act.signed.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm  # noqa: F401

from contracts.caps import commitment_refusal
from contracts.errors import ContractError
from contracts.experts_api import RateUnavailable, consent_blocking_reason, fee_for
from contracts.generation import document_generate
from contracts.models import Act, Contract, ContractDocument, DocumentKind, ServiceOrder
from contracts.numbering import next_number
from contracts.selectors import commitment_limits, contract_ordered_totals
from contracts.terms import contract_term_error, money
from experts.models import Expert, TaxStatus
from kolplatform.core import hooks
from kolplatform.core.approvals import (
    ApprovalError,
    ApprovalHandler,
    approval_request_start,
)
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.models import AuditLog
from kolplatform.core.notifications import notify


def _transition(obj, name: str, *, actor, comment: str = "", fields=("status",), **changes):
    """Run transition `name` on a locked `obj`, save, audit; refuse with a message otherwise."""
    method = getattr(obj, name)
    _refuse_unless(can_proceed(method), obj)
    from_state = obj.status
    method()
    obj.save(update_fields=list(fields))
    audit_transition(actor=actor, obj=obj, from_state=from_state, comment=comment, changes=changes)
    return obj


def _refuse_unless(allowed: bool, obj) -> None:
    """The refusal `_transition` gives, for a fact the service checks before the transition."""
    if not allowed:
        raise ContractError(
            _("«%(obj)s» cannot do this in the status «%(status)s».")
            % {"obj": obj, "status": obj.get_status_display()}
        )


def _has_ready_contract_pdf(contract: Contract) -> bool:
    """A rendered contract PDF exists that has not been superseded."""
    return contract.documents.filter(
        kind=DocumentKind.CONTRACT,
        order__isnull=True,
        act__isnull=True,
        status=ContractDocument.Status.READY,
    ).exists()


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


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


def contract_url(contract) -> str:
    from django.urls import reverse

    return reverse("contracts:detail", args=[contract.pk])


def current_document(*, kind: str, contract, order=None, act=None) -> ContractDocument | None:
    return (
        ContractDocument.objects.filter(kind=kind, contract=contract, order=order, act=act)
        .exclude(status=ContractDocument.Status.SUPERSEDED)
        .select_related("pdf", "signed_copy")
        .order_by("-version")
        .first()
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


# --- Sending documents and what signatures do --------------------------------------------


@transaction.atomic
def document_send(*, document: ContractDocument, actor) -> ContractDocument:
    """Offer a rendered document to the expert (contract, order or act) and tell them."""
    from contracts.cabinet import cabinet_invite_if_needed

    document = _locked(ContractDocument, document.pk)
    reason = consent_blocking_reason(expert=document.expert)
    if reason:
        raise ContractError(reason)
    if document.status != ContractDocument.Status.READY:
        raise ContractError(_("The document is not ready to be sent."))
    if document.kind == DocumentKind.CONTRACT:
        contract = _locked(Contract, document.contract_id)
        if contract.status == Contract.Status.APPROVED:
            _refuse_unless(_has_ready_contract_pdf(contract), contract)
            _transition(contract, "send_to_expert", actor=actor)
    elif document.kind == DocumentKind.ACT:
        act = _locked(Act, document.act_id)
        if act.status == Act.Status.DRAFT:
            _transition(act, "send_to_expert", actor=actor)
    document.sent_at = timezone.now()
    _transition(document, "send", actor=actor, fields=("status", "sent_at"))
    expert = document.expert
    if expert.user_id is None:
        cabinet_invite_if_needed(expert=expert, actor=actor)
    else:
        from django.urls import reverse

        notify(
            recipients=[expert.user],
            title=_("A document awaits your signature: %(doc)s") % {"doc": document},
            url=reverse("contracts:cabinet_document", args=[document.pk]),
            level="action",
            template="contracts_awaiting_signature",
            context={"document": str(document)},
        )
    return document


def on_expert_signed(*, document: ContractDocument, actor) -> None:
    """The expert's signature: contracts take the bank snapshot and move to signed_by_expert."""
    from contracts.experts_api import bank_details_snapshot
    from contracts.signing import company_signatories

    if document.kind == DocumentKind.CONTRACT:
        contract = _locked(Contract, document.contract_id)
        contract.bank_details_snapshot = bank_details_snapshot(expert=contract.expert)
        _transition(
            contract, "sign_by_expert", actor=actor, fields=("status", "bank_details_snapshot")
        )
    elif document.kind == DocumentKind.ACT:
        _transition(_locked(Act, document.act_id), "sign_by_expert", actor=actor)
    elif document.kind == DocumentKind.INVOICE:
        _on_invoice_signed(document=document, actor=actor)
        return
    notify(
        recipients=[document.contract.owner, *company_signatories()],
        title=_("Signed by the expert, awaiting the company's signature: %(doc)s")
        % {"doc": document},
        url=contract_url(document.contract),
        level="action",
    )


def on_company_signed(*, document: ContractDocument, actor) -> None:
    """The company's signature completes the document: contract active, order signed, act signed
    by both (the registered listeners run here, e.g. the payout)."""
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    if document.kind == DocumentKind.CONTRACT:
        contract = _locked(Contract, document.contract_id)
        contract.signed_at = now
        _transition(contract, "sign_by_company", actor=actor, fields=("status", "signed_at"))
        hooks.emit(
            "contract.signed",
            contract_id=contract.pk,
            expert_id=contract.expert_id,
            actor_id=actor_id,
        )
    elif document.kind == DocumentKind.ORDER:
        _transition(_locked(ServiceOrder, document.order_id), "sign", actor=actor)
    elif document.kind == DocumentKind.ACT:
        act = _locked(Act, document.act_id)
        act.signed_at = now
        _transition(act, "sign_by_company", actor=actor, fields=("status", "signed_at"))
        for listener in hooks.contributions(hooks.ACT_SIGNED):
            listener(act=act, actor=actor)  # in this transaction: the payout is part of it
        invoice_issue_if_needed(act=act, actor=actor)
        hooks.emit(
            "act.signed",
            act_id=act.pk,
            contract_id=document.contract_id,
            expert_id=document.contract.expert_id,
            actor_id=actor_id,
        )
    hooks.emit(
        "document.signed",
        document_id=document.pk,
        kind=str(document.kind),
        contract_id=document.contract_id,
        actor_id=actor_id,
    )
    notify(
        recipients=[document.contract.owner, document.expert.user],
        title=_("Signed by both sides: %(doc)s") % {"doc": document},
        url=contract_url(document.contract),
    )


# --- Invoices of individual entrepreneurs ------------------------------------------------


def invoice_issue_if_needed(*, act: Act, actor) -> ContractDocument | None:
    """An expert working as an individual entrepreneur bills the company for a signed act: the
    invoice is generated from the act (own number, the act's amount) and offered to the expert for
    signing once rendered (Tax Code art. 226 p. 2: nothing is withheld, the invoice is the basis
    for payment; payments checks it before approval). Other tax regimes get none; idempotent."""
    contract = act.order.contract
    if contract.expert.tax_status != TaxStatus.ENTREPRENEUR:
        return None
    existing = current_document(
        kind=DocumentKind.INVOICE, contract=contract, order=act.order, act=act
    )
    if existing is not None:
        return existing
    return document_generate(
        kind=DocumentKind.INVOICE,
        contract=contract,
        order=act.order,
        act=act,
        actor=actor,
        number=next_number("invoice", year=timezone.localdate().year),
    )


def _on_invoice_signed(*, document: ContractDocument, actor) -> None:
    for listener in hooks.contributions(hooks.INVOICE_SIGNED):
        listener(act=document.act, document=document, actor=actor)
    hooks.emit(
        "document.signed",
        document_id=document.pk,
        kind=str(document.kind),
        contract_id=document.contract_id,
        actor_id=getattr(actor, "pk", None),
    )
    notify(
        recipients=[document.contract.owner],
        title=_("The expert signed the invoice: %(doc)s") % {"doc": document},
        url=contract_url(document.contract),
    )
