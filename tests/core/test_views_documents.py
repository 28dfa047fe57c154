"""Document download: allowed through the owner's view permission; compliance/admin see all."""

import pytest
from django.urls import reverse

from kolplatform.core.documents import document_store
from tests.testapp.factories import WidgetFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 demo"


def url(document):
    return reverse("core:document_download", args=[document.pk])


@pytest.fixture
def kol_document(kol):
    """A document of a widget owned by the KOL (the rule: owner or staff may view a widget)."""
    widget = WidgetFactory(owner=kol)
    return document_store(data=PDF, name="akt.pdf", kind="act", owner=widget)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("kol", 200),  # the owner's view permission
        ("other_kol", 403),  # another KOL's document
        ("field_staff", 200),  # staff may view widgets by the widget rule
        ("compliance", 200),
        ("admin", 200),
    ],
)
def test_download_by_persona(client, personas, kol_document, persona, status):
    client.force_login(personas[persona])
    response = client.get(url(kol_document))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="akt.pdf"' in response["Content-Disposition"]


def test_anonymous_is_sent_to_login(client, kol_document):
    response = client.get(url(kol_document))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_missing_document_is_404(client, compliance):
    client.force_login(compliance)
    assert client.get(reverse("core:document_download", args=[999999])).status_code == 404


def test_compliance_may_download_what_the_owner_rule_refuses(client, personas, other_kol):
    document = document_store(data=PDF, name="x.pdf", owner=WidgetFactory(owner=other_kol))
    for persona, status in [("kol", 403), ("compliance", 200), ("admin", 200)]:
        client.force_login(personas[persona])
        assert client.get(url(document)).status_code == status


def test_document_without_owner_is_for_its_uploader(client, personas, approver):
    document = document_store(data=b"csv", name="import.csv", uploaded_by=approver)
    for persona, status in [("approver", 200), ("finance", 403), ("kol", 403), ("admin", 200)]:
        client.force_login(personas[persona])
        assert client.get(url(document)).status_code == status, persona


def test_document_of_a_deleted_owner_is_404(client, kol):
    widget = WidgetFactory(owner=kol)
    document = document_store(data=PDF, name="a.pdf", owner=widget)
    widget.delete()
    client.force_login(kol)
    assert client.get(url(document)).status_code == 404


def test_stored_document_keeps_its_hash(kol_document):
    import hashlib

    assert kol_document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert kol_document.size == len(PDF)
    with kol_document.file.open("rb") as f:
        assert f.read() == PDF
