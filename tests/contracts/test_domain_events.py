"""contract.signed, act.signed and document.signed are emitted once each, with their payload,
when the company's signature completes the document, after the commit (kolplatform.core.hooks)."""

from datetime import date

import pytest

from contracts.models import ContractDocument, DocumentKind
from contracts.services import act_create, contract_send_for_approval, document_send
from kolplatform.core import hooks
from tests.contracts.conftest import sign_as
from tests.factories.contracts import (
    ContractFactory,
    ServiceOrderFactory,
    force_status,
    ready_kol,
)

pytestmark = pytest.mark.django_db


def test_contract_signed_by_both_emits_contract_and_document_signed(
    kol,
    marketing_manager,
    make_contract,
    approve_all,
    signatory,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    ready_kol(kol, actor=marketing_manager)
    with capture(execute=True):
        contract = make_contract(kol.expert)
        contract_send_for_approval(contract=contract, actor=marketing_manager)
        approve_all(contract)
    document = ContractDocument.objects.get(contract=contract, kind=DocumentKind.CONTRACT)
    with capture(execute=True):
        document_send(document=document, actor=marketing_manager)
    with hooks.listening("contract.signed") as signed, hooks.listening("document.signed") as docs:
        sign_as(document, kol, "expert", capture)
        assert signed == [] and docs == []  # the expert's signature alone completes nothing
        sign_as(document, signatory, "company", capture)
    assert signed == [
        {"contract_id": contract.pk, "expert_id": kol.expert.pk, "actor_id": signatory.pk}
    ]
    assert docs == [
        {
            "document_id": document.pk,
            "kind": DocumentKind.CONTRACT,
            "contract_id": contract.pk,
            "actor_id": signatory.pk,
        }
    ]


def test_act_signed_by_both_emits_act_signed_once(
    kol, marketing_manager, signatory, rate_cards, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ready_kol(kol, actor=marketing_manager)
    contract = ContractFactory(expert=kol.expert, owner=marketing_manager)
    force_status(contract, "active")
    order = ServiceOrderFactory(contract=contract)
    force_status(order, "approved")
    with capture(execute=True):
        act = act_create(
            order=order, actual_hours=2, act_date=date(2026, 3, 5), actor=marketing_manager
        )
    document = act.documents.get()
    with capture(execute=True):
        document_send(document=document, actor=marketing_manager)
    with hooks.listening("act.signed") as received:
        sign_as(document, kol, "expert", capture)
        assert received == []
        sign_as(document, signatory, "company", capture)
    assert received == [
        {
            "act_id": act.pk,
            "contract_id": contract.pk,
            "expert_id": kol.expert.pk,
            "actor_id": signatory.pk,
        }
    ]
