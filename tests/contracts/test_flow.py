import pytest

from contracts.models import Contract, ContractDocument

pytestmark = pytest.mark.django_db


def test_contract_goes_from_draft_to_active(active_contract):
    assert active_contract.status == Contract.Status.ACTIVE
    document = active_contract.documents.get()
    assert document.status == ContractDocument.Status.SIGNED
    assert document.signed_copy is not None
