"""Documents of a payout: the self-employed expert's receipt and the entrepreneur's invoice
(uploaded, or signed in the cabinet)."""

from django.db import transaction
from django.utils.translation import gettext as _

from contracts.models import Act
from experts.models import TaxStatus
from kolplatform.core.audit import audit_log
from kolplatform.core.documents import document_store
from kolplatform.core.models import AuditLog, Document
from kolplatform.core.uploads import HEAD, SCAN, upload_problem
from payments.models import Payout
from payments.services.payouts import (
    CHECKABLE,
    PayoutError,
    S,
    _locked,
    _recheck_expert,
    _save,
    payouts_run_checks,
)

UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def _validate_upload(data: bytes, name: str) -> None:
    problem = upload_problem(
        head=data[:HEAD], name=name, size=len(data), allowed=SCAN, max_bytes=UPLOAD_MAX_BYTES
    )
    if problem:
        raise PayoutError(problem)


@transaction.atomic
def payout_upload_receipt(*, payout: Payout, data: bytes, name: str, actor) -> Payout:
    """The self-employed expert's receipt (чек) for a paid payout (422-ФЗ ст. 14)."""
    payout = _locked(payout)
    if payout.tax_regime != TaxStatus.SELF_EMPLOYED:
        raise PayoutError(_("A receipt is needed only from a self-employed expert."))
    if payout.status != S.PAID:
        raise PayoutError(_("The receipt is uploaded after the payment."))
    if payout.receipt_id:
        raise PayoutError(_("The receipt has already been uploaded."))
    _validate_upload(data, name)
    doc = document_store(
        data=data, name=name, kind=Document.Kind.RECEIPT, owner=payout, uploaded_by=actor
    )
    payout.receipt = doc
    _save(payout, from_state=S.PAID, fields=["receipt"])
    audit_log(
        actor=actor, action=AuditLog.Action.UPDATE, obj=payout, changes={"receipt": doc.sha256}
    )
    _recheck_expert(payout.expert, actor)
    return payout


@transaction.atomic
def payout_upload_invoice(*, payout: Payout, data: bytes, name: str, actor) -> Payout:
    """The individual entrepreneur's invoice, required before approval (issue 6 §2)."""
    payout = _locked(payout)
    if payout.tax_regime != TaxStatus.ENTREPRENEUR:
        raise PayoutError(_("An invoice is needed only from an individual entrepreneur."))
    if payout.status not in CHECKABLE:
        raise PayoutError(_("The invoice is uploaded before approval."))
    _validate_upload(data, name)
    doc = document_store(
        data=data, name=name, kind=Document.Kind.INVOICE, owner=payout, uploaded_by=actor
    )
    return _attach_invoice(payout, doc, actor)


def _attach_invoice(payout: Payout, doc: Document, actor) -> Payout:
    payout.invoice = doc
    _save(payout, from_state=payout.status, fields=["invoice"])
    audit_log(
        actor=actor, action=AuditLog.Action.UPDATE, obj=payout, changes={"invoice": doc.sha256}
    )
    payouts_run_checks(payout_ids=[payout.pk], actor=actor)
    return payout


def payout_attach_signed_invoice(*, act: Act, document, actor) -> Payout | None:
    """The invoice the entrepreneur signed in the cabinet for `act` becomes the payout's invoice
    and the checks run again (registered as the contracts invoice-signed listener). A payout
    already approved, or one with an uploaded invoice, keeps what it has."""
    payout = Payout.objects.filter(act_id=act.pk).first()
    if payout is None:
        return None
    payout = _locked(payout)
    if payout.status not in CHECKABLE or payout.invoice_id:
        return payout
    return _attach_invoice(payout, document.pdf, actor)
