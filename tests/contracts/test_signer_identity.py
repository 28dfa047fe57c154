"""The signature names the signer as identified: the expert's full name, never the account's."""

import pytest
from django.urls import reverse

from contracts.models import ContractDocument, Signature
from tests.contracts.conftest import sign_through_views
from tests.factories.contracts import awaiting_document, ready_kol

pytestmark = pytest.mark.django_db


def test_verify_page_names_the_identified_expert_not_the_account(
    client, kol, signatory, marketing_manager, mailoutbox, django_capture_on_commit_callbacks
):
    expert = kol.expert
    kol.last_name, kol.first_name, kol.middle_name = "Ником", "Аккаунт", ""
    kol.save(update_fields=["last_name", "first_name", "middle_name"])
    ready_kol(kol, actor=marketing_manager)
    document = awaiting_document(contract__expert=expert, contract__owner=marketing_manager)

    for user in (kol, signatory):
        response = sign_through_views(client, user, document, django_capture_on_commit_callbacks)
        assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.SIGNED and document.signed_copy

    client.logout()
    page = client.post(reverse("verify"), {"sha256": document.signed_copy.sha256})
    text = page.content.decode()
    assert f"<li>{expert.full_name} (" in text
    assert "Ником" not in text
    assert Signature.objects.get(document=document, role="expert").signer_name == (expert.full_name)
    assert Signature.objects.get(document=document, role="company").signer_name == (
        signatory.get_full_name()
    )
