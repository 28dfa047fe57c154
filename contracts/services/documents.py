"""Sending documents for signing and what each signature does; the invoice of an individual
entrepreneur."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.cabinet import cabinet_invite_if_needed
from contracts.errors import ContractError
from contracts.experts_api import bank_details_snapshot, consent_blocking_reason
from contracts.generation import document_generate
from contracts.models import Act, Contract, ContractDocument, DocumentKind, ServiceOrder
from contracts.numbering import next_number
from contracts.selectors import company_signatories
from contracts.services.base import (
    _has_ready_contract_pdf,
    _locked,
    _refuse_unless,
    _transition,
    contract_url,
    current_document,
)
from experts.models import TaxStatus
from kolplatform.core import hooks
from kolplatform.core.notifications import notify

# --- Sending documents and what signatures do --------------------------------------------


@transaction.atomic
def document_send(*, document: ContractDocument, actor) -> ContractDocument:
    """Offer a rendered document to the expert (contract, order or act) and tell them."""
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
