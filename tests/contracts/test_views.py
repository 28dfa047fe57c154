"""Permissions per role for every view, KOL isolation, and constant query counts for lists."""

import pytest
from django.urls import reverse

from contracts.models import ContractDocument
from tests.factories.contracts import ContractFactory, awaiting_document, ready_kol

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["contracts:list", "contracts:archive", "contracts:templates"]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("marketing_manager", 200), ("legal", 200), ("finance", 200), ("kol", 403), (None, 302)],
)
def test_staff_pages_by_role(client, personas, name, persona, status):
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("marketing_manager", 200),
        ("legal", 200),
        ("field_staff", 200),
        ("finance", 403),
        ("kol", 403),
        (None, 302),
    ],
)
def test_contract_create_by_role(client, personas, persona, status):
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse("contracts:create")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("legal", 200), ("admin", 200), ("marketing_manager", 403), ("kol", 403), (None, 302)],
)
def test_template_editing_is_for_legal(client, personas, persona, status):
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse("contracts:template_create")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("marketing_manager", 200),
        ("compliance", 200),
        ("kol", 403),
        ("other_kol", 403),
        (None, 302),
    ],
)
def test_contract_detail_by_role(client, personas, persona, status):
    contract = ContractFactory(expert=personas["kol"].expert)
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == status


@pytest.fixture
def kol_document(kol, marketing_manager):
    ready_kol(kol, actor=marketing_manager)
    return awaiting_document(contract__expert=kol.expert, contract__owner=marketing_manager)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kol", 200), ("other_kol", 404), ("marketing_manager", 200), (None, 302)],
)
@pytest.mark.parametrize("name", ["contracts:cabinet_document", "contracts:document"])
def test_document_page_only_for_its_kol_and_staff(
    client, personas, kol_document, persona, status, name
):
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse(name, args=[kol_document.pk])).status_code == status


@pytest.mark.parametrize(("persona", "status"), [("kol", 200), ("other_kol", 404), (None, 302)])
def test_pdf_download_only_for_its_kol(client, personas, kol_document, persona, status):
    if persona:
        client.force_login(personas[persona])
    response = client.get(reverse("contracts:document_file", args=[kol_document.pk, "original"]))
    assert response.status_code == status
    if status == 200:
        assert response["X-Content-SHA256"] == kol_document.pdf.sha256
        assert b"".join(response) if hasattr(response, "streaming_content") else response.content


def test_another_kol_cannot_request_a_code_sign_or_decline(client, other_kol, kol_document):
    client.force_login(other_kol)
    for name in ("contracts:otp_request", "contracts:sign", "contracts:decline"):
        response = client.post(
            reverse(name, args=[kol_document.pk]), {"code": "123456", "reason": "x"}
        )
        assert response.status_code == 404
    kol_document.refresh_from_db()
    assert kol_document.status == ContractDocument.Status.AWAITING_EXPERT


def test_kol_signs_through_the_views(
    client, kol, kol_document, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:otp_request", args=[kol_document.pk]))
    import re

    assert not re.search(r"\d{6}", mailoutbox[-1].subject)  # lock screens show subjects
    code = re.search(r"»: (\d{6})", mailoutbox[-1].body).group(1)
    response = client.post(reverse("contracts:sign", args=[kol_document.pk]), {"code": code})
    assert response.status_code == 302
    kol_document.refresh_from_db()
    assert kol_document.status == ContractDocument.Status.AWAITING_COMPANY


def test_decline_without_reason_keeps_the_document(client, kol, kol_document):
    client.force_login(kol)
    client.post(reverse("contracts:decline", args=[kol_document.pk]), {"reason": ""})
    kol_document.refresh_from_db()
    assert kol_document.status == ContractDocument.Status.AWAITING_EXPERT


@pytest.mark.parametrize(
    ("persona", "status"), [("kol", 200), ("marketing_manager", 403), (None, 302)]
)
@pytest.mark.parametrize("name", ["contracts:cabinet_home", "contracts:cabinet_documents"])
def test_cabinet_pages_are_for_kols(client, personas, persona, status, name):
    if persona:
        client.force_login(personas[persona])
    assert client.get(reverse(name)).status_code == status


def test_cabinet_shows_only_own_documents(client, kol, other_kol, kol_document):
    mine = kol_document
    theirs = awaiting_document(contract__expert=other_kol.expert)
    client.force_login(kol)
    body = client.get(reverse("contracts:cabinet_documents")).content.decode()
    assert mine.number in body and theirs.number not in body


def test_verify_page_is_public_and_reports_unknown_hash(client):
    response = client.post(reverse("verify"), {"sha256": "a" * 64})
    assert response.status_code == 200
    assert response.context["result"].found is False


def test_decide_is_refused_to_whoever_cannot_decide(client, personas):
    contract = ContractFactory()
    client.force_login(personas["finance"])
    assert client.post(reverse("contracts:decide", args=[contract.pk])).status_code == 403


@pytest.mark.parametrize("name", ["contracts:list", "contracts:archive"])
def test_lists_use_constant_queries(client, marketing_manager, django_assert_max_num_queries, name):
    client.force_login(marketing_manager)

    def count(n):
        for _ in range(n):
            awaiting_document()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    few = count(2)
    many = count(12)
    assert many == few


def test_cabinet_documents_use_constant_queries(client, kol):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(kol)

    def count(n):
        for _ in range(n):
            awaiting_document(contract__expert=kol.expert)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("contracts:cabinet_documents"))
        return len(ctx.captured_queries)

    assert count(2) == count(10)


def test_kol_signs_a_service_order_with_the_code_and_another_kol_cannot(
    client,
    kol,
    other_kol,
    marketing_manager,
    signatory,
    active_contract,
    rate_cards,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from contracts.models import ServiceOrder, SignerRole
    from contracts.services import document_send, service_order_approve
    from tests.contracts.conftest import last_code
    from tests.factories.contracts import ServiceOrderFactory

    order = ServiceOrderFactory(contract=active_contract)
    with django_capture_on_commit_callbacks(execute=True):
        service_order_approve(order=order, actor=marketing_manager)
    document = order.documents.get()
    with django_capture_on_commit_callbacks(execute=True):
        document_send(document=document, actor=marketing_manager)
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.AWAITING_EXPERT

    client.force_login(kol)
    page = client.get(reverse("contracts:cabinet_document", args=[document.pk]))
    assert page.status_code == 200 and document.number in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contracts:otp_request", args=[document.pk]))
    assert response.status_code == 302
    code = last_code(kol.email)

    # Another KOL, even holding the right code, neither sees, asks for a code nor signs.
    client.force_login(other_kol)
    assert client.get(reverse("contracts:document", args=[document.pk])).status_code == 404
    for name in ("contracts:otp_request", "contracts:sign"):
        response = client.post(reverse(name, args=[document.pk]), {"code": code})
        assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.AWAITING_EXPERT
    assert not document.signatures.exists()

    client.force_login(kol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contracts:sign", args=[document.pk]),
            {"code": code},
            HTTP_USER_AGENT="phone",
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.AWAITING_COMPANY
    signature = document.signatures.get()
    assert (signature.signer, signature.role) == (kol, SignerRole.EXPERT)
    assert signature.sha256 == document.pdf.sha256
    assert signature.user_agent == "phone"

    # The company's signatory signs through the same views; the order becomes signed.
    client.force_login(signatory)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contracts:otp_request", args=[document.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("contracts:sign", args=[document.pk]), {"code": last_code(signatory.email)}
        )
    order.refresh_from_db()
    document.refresh_from_db()
    assert order.status == ServiceOrder.Status.SIGNED
    assert document.status == ContractDocument.Status.SIGNED
