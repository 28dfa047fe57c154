"""contract.signed, act.signed and document.signed are emitted once each, with their payload,
when the company's signature completes the document, after the commit (kolplatform.core.hooks)."""

import pytest

from contracts.models import DocumentKind
from kolplatform.core import hooks
from tests.contracts.conftest import act_sent_to_expert, contract_sent_to_expert, sign_as
from tests.factories.contracts import (
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
    contract, document = contract_sent_to_expert(
        kol, marketing_manager, make_contract, approve_all, capture
    )
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
    act, document = act_sent_to_expert(kol.expert, marketing_manager, capture)
    with hooks.listening("act.signed") as received:
        sign_as(document, kol, "expert", capture)
        assert received == []
        sign_as(document, signatory, "company", capture)
    assert received == [
        {
            "act_id": act.pk,
            "contract_id": act.order.contract_id,
            "expert_id": kol.expert.pk,
            "actor_id": signatory.pk,
        }
    ]
