"""Every endpoint x scope: a key with the endpoint's scope gets in, a key with every other
scope is refused (403, the error body); KOLs never reach another KOL's objects."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from api.scopes import SCOPES
from kolplatform.core.documents import document_store
from kolplatform.core.roles import Role
from tests.api.conftest import assert_error, kol_key_client
from tests.factories.contracts import ContractDocumentFactory, small_pdf
from tests.factories.events import EventFactory, ParticipantFactory
from tests.factories.experts import ExpertFactory, InstitutionFactory
from tests.factories.payments import PayoutFactory, signed_act


@pytest.fixture
def world(db, kol):
    expert = ExpertFactory()
    event = EventFactory()
    ParticipantFactory(event=event, expert=expert)
    document = ContractDocumentFactory(contract__expert=kol.expert)
    document.signed_copy = document_store(data=small_pdf("signed"), name="s.pdf", owner=document)
    document.save(update_fields=["signed_copy"])
    payout = PayoutFactory(act=signed_act(expert=kol.expert))
    return SimpleNamespace(
        expert=expert,
        institution=InstitutionFactory(),
        event=event,
        contract=document.contract,
        document=document,
        payout=payout,
    )


def endpoints(w):
    """(method, url, body, scope)."""
    expert_body = {"last_name": "Тестов", "first_name": "Тест"}
    bulk = {"source": "crm", "items": [{"external_id": "1", **expert_body}]}
    confirmation = {"paid": True, "amount": "1.00", "order_number": "1", "paid_on": "2026-03-01"}
    return [
        ("get", "/api/v1/experts/", None, "experts:read"),
        ("get", f"/api/v1/experts/{w.expert.pk}/", None, "experts:read"),
        ("post", "/api/v1/experts/", expert_body, "experts:write"),
        ("patch", f"/api/v1/experts/{w.expert.pk}/", {"city": "Тула"}, "experts:write"),
        ("post", "/api/v1/experts/bulk/", bulk, "experts:write"),
        ("get", "/api/v1/institutions/", None, "experts:read"),
        ("get", f"/api/v1/institutions/{w.institution.pk}/", None, "experts:read"),
        ("post", "/api/v1/institutions/", {"name": "ЛПУ"}, "experts:write"),
        ("patch", f"/api/v1/institutions/{w.institution.pk}/", {"beds": 5}, "experts:write"),
        ("get", "/api/v1/events/", None, "events:read"),
        ("get", f"/api/v1/events/{w.event.pk}/", None, "events:read"),
        ("get", f"/api/v1/events/{w.event.pk}/status/", None, "events:read"),
        ("get", f"/api/v1/events/{w.event.pk}/participants/", None, "events:read"),
        ("get", "/api/v1/contracts/", None, "contracts:read"),
        ("get", f"/api/v1/contracts/{w.contract.pk}/", None, "contracts:read"),
        ("get", f"/api/v1/contracts/{w.contract.pk}/documents/", None, "contracts:read"),
        ("get", f"/api/v1/documents/{w.document.pk}/", None, "contracts:read"),
        ("get", f"/api/v1/documents/{w.document.pk}/signed-copy/", None, "contracts:read"),
        ("get", "/api/v1/payouts/", None, "payouts:read"),
        ("get", f"/api/v1/payouts/{w.payout.pk}/", None, "payouts:read"),
        ("get", f"/api/v1/payouts/{w.payout.pk}/status/", None, "payouts:read"),
        ("post", f"/api/v1/payouts/{w.payout.pk}/confirmation/", confirmation, "payouts:write"),
        ("get", "/api/v1/feedback/summary/", None, "feedback:read"),
        ("get", "/api/v1/analytics/summary/", None, "analytics:read"),
        ("get", "/api/v1/analytics/events/", None, "analytics:read"),
    ]


def test_every_endpoint_allows_its_scope_and_refuses_the_others(world, key_client):
    for method, url, body, scope in endpoints(world):
        allowed = key_client([scope], role=Role.ADMIN)
        response = getattr(allowed, method)(url, body, format="json")
        # the payout is not in a registry: the confirmation is refused by the rules (400)
        expected = (400,) if url.endswith("confirmation/") else (200, 201)
        assert response.status_code in expected, (url, scope, response.content[:300])
        others = [s for s in SCOPES if s != scope]
        refused = key_client(others, role=Role.ADMIN)
        body_ = assert_error(getattr(refused, method)(url, body, format="json"), 403)
        assert scope in body_["message"], (url, body_)


def test_wildcards(world, key_client):
    assert key_client(["experts:*"]).get("/api/v1/experts/").status_code == 200
    assert key_client(["*"]).get("/api/v1/payouts/").status_code == 200
    assert_error(key_client(["experts:*"]).get("/api/v1/payouts/"), 403)


def test_signed_copy_carries_its_sha256(world, key_client):
    response = key_client(["contracts:read"]).get(
        f"/api/v1/documents/{world.document.pk}/signed-copy/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    import hashlib

    assert hashlib.sha256(data).hexdigest() == world.document.signed_copy.sha256
    assert response["X-Content-SHA256"] == world.document.signed_copy.sha256
    meta = key_client(["contracts:read"]).get(f"/api/v1/documents/{world.document.pk}/").json()
    assert meta["signed_copy"]["sha256"] == world.document.signed_copy.sha256


def test_kol_never_reaches_another_kols_objects(world, api, kol, other_kol):
    other_doc = ContractDocumentFactory(contract__expert=other_kol.expert)
    other_payout = PayoutFactory(act=signed_act(expert=other_kol.expert))
    api.force_login(kol)
    clients = {"session": api, "key": kol_key_client(kol)}
    for name, client in clients.items():
        own = client.get(f"/api/v1/documents/{world.document.pk}/")
        assert own.status_code == 200, name
        assert client.get(f"/api/v1/payouts/{world.payout.pk}/").status_code == 200, name
        for url in (
            f"/api/v1/documents/{other_doc.pk}/",
            f"/api/v1/documents/{other_doc.pk}/signed-copy/",
            f"/api/v1/contracts/{other_doc.contract.pk}/",
            f"/api/v1/contracts/{other_doc.contract.pk}/documents/",
            f"/api/v1/payouts/{other_payout.pk}/",
            f"/api/v1/payouts/{other_payout.pk}/status/",
            f"/api/v1/experts/{other_kol.expert.pk}/",
        ):
            assert client.get(url).status_code in (403, 404), (name, url)
        for url in ("/api/v1/contracts/", "/api/v1/payouts/", "/api/v1/institutions/"):
            assert client.get(url).status_code == 403, (name, url)
        assert client.get("/api/v1/events/").json()["results"] == []
        assert client.get("/api/v1/analytics/summary/").status_code == 403
        assert client.get("/api/v1/feedback/summary/").status_code == 403


def test_payout_confirmation_marks_paid(key_client, world, finance):
    from payments.services.registries import registry_export
    from tests.factories.contracts import force_status

    payout = world.payout
    force_status(payout, "approved")
    registry_export(payout_ids=[payout.pk], actor=finance)
    client = key_client(["payouts:*"], role=Role.FINANCE)
    url = f"/api/v1/payouts/{payout.pk}/confirmation/"
    wrong = {"paid": True, "amount": str(payout.net + Decimal("1")), "order_number": "77",
             "paid_on": "2026-03-25"}  # fmt: skip
    body = assert_error(client.post(url, wrong, format="json"), 400, "domain_error")
    assert "amount" in body["field_errors"]
    right = {**wrong, "amount": str(payout.net)}
    response = client.post(url, right, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["result"] == "paid"
    assert response.json()["payout"]["status"] == "paid"
    assert client.post(url, right, format="json").json()["result"] == "already"
    history = client.get(f"/api/v1/payouts/{payout.pk}/status/").json()["history"]
    assert history[-1]["to_status"] == "paid"
