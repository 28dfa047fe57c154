"""Invoices of individual-entrepreneur experts: issued for an act signed by both sides, signed by
the expert alone with a one-time code, attached to the payout, which then passes its tax check."""

from datetime import date

import pytest
from django.urls import reverse

from contracts.errors import ContractError
from contracts.models import ContractDocument, DocumentKind
from contracts.services import invoice_issue_if_needed
from contracts.signing import SigningError, document_sign, otp_request
from experts.models import TaxStatus
from kolplatform.core.models import Document
from payments.models import Payout, PayoutCheck
from tests.contracts.conftest import act_sent_to_expert, sign_as
from tests.factories.contracts import (
    ready_kol,
)
from tests.factories.payments import bank_details_verified

pytestmark = pytest.mark.django_db
S = ContractDocument.Status


@pytest.fixture
def signed_act(kol, marketing_manager, signatory, rate_cards, django_capture_on_commit_callbacks):
    """Returns a function: an act of `kol` (with `tax_status`) signed by both sides."""

    def make(tax_status):
        expert = kol.expert
        expert.tax_status = tax_status
        expert.save(update_fields=["tax_status"])
        ready_kol(kol, actor=marketing_manager)
        bank_details_verified(expert)
        act, document = act_sent_to_expert(
            expert, marketing_manager, django_capture_on_commit_callbacks, tax_regime=tax_status
        )
        sign_as(document, kol, "expert", django_capture_on_commit_callbacks)
        sign_as(document, signatory, "company", django_capture_on_commit_callbacks)
        act.refresh_from_db()
        return act

    return make


def invoice_of(act) -> ContractDocument:
    return ContractDocument.objects.get(act=act, kind=DocumentKind.INVOICE)


def tax_check(payout) -> PayoutCheck:
    return payout.checks.filter(code=PayoutCheck.Code.TAX_STATUS).latest("run_at", "pk")


def test_entrepreneur_gets_an_invoice_offered_for_signing(signed_act, kol):
    act = signed_act(TaxStatus.ENTREPRENEUR)
    invoice = invoice_of(act)
    assert invoice.status == S.AWAITING_EXPERT and invoice.sent_at is not None
    assert invoice.number.startswith(f"С-{date.today().year}-")
    assert invoice.order_id == act.order_id and invoice.expert_id == kol.expert.pk
    stored = invoice.pdf.file.open("rb").read()
    invoice.pdf.file.close()
    assert stored.startswith(b"%PDF") and Document.hash_bytes(stored) == invoice.pdf.sha256
    payout = Payout.objects.get(act=act)
    assert payout.status == Payout.Status.BLOCKED and payout.invoice_id is None
    assert tax_check(payout).result == PayoutCheck.Result.FAILED


def test_signed_invoice_becomes_the_payouts_invoice(
    signed_act, kol, django_capture_on_commit_callbacks
):
    act = signed_act(TaxStatus.ENTREPRENEUR)
    invoice = invoice_of(act)
    signature = sign_as(invoice, kol, "expert", django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    assert invoice.status == S.SIGNED and signature.sha256 == invoice.pdf.sha256
    assert invoice.signed_copy is not None
    payout = Payout.objects.get(act=act)
    assert payout.invoice_id == invoice.pdf_id
    assert tax_check(payout).result == PayoutCheck.Result.PASSED
    assert payout.status == Payout.Status.READY, payout.blocked_reason


def test_other_regimes_get_no_invoice(signed_act):
    act = signed_act(TaxStatus.INDIVIDUAL)
    assert not ContractDocument.objects.filter(act=act, kind=DocumentKind.INVOICE).exists()
    assert invoice_issue_if_needed(act=act, actor=None) is None


def test_issuing_twice_gives_the_same_invoice(signed_act, marketing_manager):
    act = signed_act(TaxStatus.ENTREPRENEUR)
    first = invoice_of(act)
    assert invoice_issue_if_needed(act=act, actor=marketing_manager) == first
    assert ContractDocument.objects.filter(act=act, kind=DocumentKind.INVOICE).count() == 1


def test_the_company_does_not_sign_an_invoice(signed_act, signatory):
    invoice = invoice_of(signed_act(TaxStatus.ENTREPRENEUR))
    with pytest.raises(SigningError, match="not awaiting"):
        otp_request(document=invoice, user=signatory, role="company")


def test_another_kol_can_neither_sign_nor_open_the_invoice(signed_act, other_kol, client):
    invoice = invoice_of(signed_act(TaxStatus.ENTREPRENEUR))
    other = other_kol
    with pytest.raises(SigningError):
        otp_request(document=invoice, user=other, role="expert")
    with pytest.raises(SigningError):
        document_sign(document=invoice, user=other, role="expert", code="000000")
    client.force_login(other)
    response = client.get(reverse("contracts:cabinet_document", args=[invoice.pk]))
    assert response.status_code == 404


def test_an_invoice_cannot_be_regenerated_after_signing(
    signed_act, kol, marketing_manager, django_capture_on_commit_callbacks
):
    from contracts.generation import document_generate

    act = signed_act(TaxStatus.ENTREPRENEUR)
    invoice = invoice_of(act)
    sign_as(invoice, kol, "expert", django_capture_on_commit_callbacks)
    with pytest.raises(ContractError):
        document_generate(
            kind=DocumentKind.INVOICE,
            contract=act.order.contract,
            order=act.order,
            act=act,
            actor=marketing_manager,
        )


def test_the_kol_sees_the_invoice_awaiting_signature(signed_act, kol, client):
    invoice = invoice_of(signed_act(TaxStatus.ENTREPRENEUR))
    client.force_login(kol)
    response = client.get(reverse("contracts:cabinet_document", args=[invoice.pk]))
    assert response.status_code == 200
    assert invoice.number in response.content.decode()
