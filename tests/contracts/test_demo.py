import pytest

from contracts.models import Act, Contract, ContractDocument
from seed.demo import contracts as demo
from tests.factories.core import UserFactory
from tests.factories.experts import ConsentFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(kol, personas):
    for username, role in [("legal", "legal"), ("approver", "approver"), ("finance", "finance")]:
        UserFactory(username=username, role=role)
    other = ExpertFactory(email="demo.other@example.com", tier="regional")
    ConsentFactory(expert=other)
    demo.seed(stdout=None)
    assert Contract.objects.get(expert=kol.expert).status == Contract.Status.ACTIVE
    assert Contract.objects.filter(expert=other).exists()
    assert Act.objects.filter(status="signed_by_company").exists()
    assert ContractDocument.objects.filter(signed_copy__isnull=False).exists()
    counts = (Contract.objects.count(), ContractDocument.objects.count())
    demo.seed(stdout=None)
    assert (Contract.objects.count(), ContractDocument.objects.count()) == counts
