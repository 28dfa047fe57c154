"""The list endpoints of events, contracts, a contract's documents and payouts: the same number of
queries for one row as for many, with every relation the representation shows filled in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import ContractDocument, DocumentKind
from kolplatform.core.models import TherapeuticArea
from tests.factories.contracts import ContractDocumentFactory, ContractFactory
from tests.factories.events import EventFactory
from tests.factories.payments import PayoutFactory

MANY = 12


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries), len(response.json()["results"])


def _constant(client, url, add) -> None:
    """Queries of `url` with the rows made so far equal those after `add()` made MANY more."""
    client.get(url)  # warm up (content types, the key's last use)
    few, rows = _count(client, url)
    add()
    many, more = _count(client, url)
    assert more == rows + MANY
    assert many == few


def _events():
    area = TherapeuticArea.objects.create(name="Кардиология")
    for event in EventFactory.create_batch(MANY):
        event.therapeutic_area = area
        event.save(update_fields=["therapeutic_area"])


def _documents(contract):
    def add():
        for version in range(2, MANY + 2):
            document = ContractDocumentFactory(contract=contract, version=version)
            ContractDocument.objects.filter(pk=document.pk).update(signed_copy=document.pdf)

    return add


def test_event_list_queries_are_constant(key_client):
    client = key_client(["events:read"])
    EventFactory()
    _constant(client, "/api/v1/events/", _events)


def test_contract_list_queries_are_constant(key_client):
    client = key_client(["contracts:read"])
    ContractFactory()
    _constant(client, "/api/v1/contracts/", lambda: ContractFactory.create_batch(MANY))


def test_contract_document_list_queries_are_constant(key_client):
    client = key_client(["contracts:read"])
    document = ContractDocumentFactory(kind=DocumentKind.CONTRACT)
    url = f"/api/v1/contracts/{document.contract_id}/documents/"
    _constant(client, url, _documents(document.contract))


@pytest.mark.parametrize("status", ["", "?status=pending_checks"])
def test_payout_list_queries_are_constant(key_client, status):
    client = key_client(["payouts:read"])
    PayoutFactory()
    _constant(client, f"/api/v1/payouts/{status}", lambda: PayoutFactory.create_batch(MANY))
