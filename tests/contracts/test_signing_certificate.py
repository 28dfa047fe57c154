"""The development signing certificate is never silently replaced while sealed copies exist."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import ContractDocument
from contracts.tasks import contracts_seal_pending
from tests.contracts.conftest import sign_through_views
from tests.factories.contracts import awaiting_document, ready_kol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_cert(settings, tmp_path):
    """A certificate location of this test's own, so removing it touches no other test."""
    settings.SIGNING_CERT_FILE = str(tmp_path / "signing" / "org.pem")
    settings.SIGNING_KEY_FILE = str(tmp_path / "signing" / "org.key")


def _cert_files(settings) -> list[Path]:
    return [Path(settings.SIGNING_CERT_FILE), Path(settings.SIGNING_KEY_FILE)]


def _remove(files) -> dict[Path, bytes]:
    saved = {f: f.read_bytes() for f in files}
    for f in files:
        f.unlink()
    return saved


@pytest.fixture
def expert_signed(kol, marketing_manager, client, django_capture_on_commit_callbacks):
    """A document of `kol` signed by the expert, awaiting the company's signature."""
    ready_kol(kol, actor=marketing_manager)
    document = awaiting_document(contract__expert=kol.expert, contract__owner=marketing_manager)
    sign_through_views(client, kol, document, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.AWAITING_COMPANY
    return document


def test_without_sealed_copies_the_dev_certificate_is_made(
    client, settings, signatory, expert_signed, django_capture_on_commit_callbacks
):
    assert not any(f.exists() for f in _cert_files(settings))
    sign_through_views(client, signatory, expert_signed, django_capture_on_commit_callbacks)
    expert_signed.refresh_from_db()
    assert expert_signed.signed_copy is not None
    assert all(f.exists() for f in _cert_files(settings))


def test_a_missing_certificate_is_not_replaced_while_sealed_copies_exist(
    client, settings, active_contract, signatory, expert_signed, django_capture_on_commit_callbacks
):
    assert active_contract.documents.get().signed_copy is not None
    saved = _remove(_cert_files(settings))

    response = sign_through_views(
        client, signatory, expert_signed, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("certificate is unavailable" in n or "сертификат" in n for n in notes), notes
    assert not any(f.exists() for f in _cert_files(settings))  # no new certificate
    expert_signed.refresh_from_db()
    assert expert_signed.status == ContractDocument.Status.SIGNED
    assert expert_signed.signed_copy is None  # signed, not sealed yet
    assert any(w.id == "contracts.W001" for w in run_checks(databases=["default"]))

    for path, data in saved.items():  # restored from the backup: the hourly job seals it
        path.write_bytes(data)
    assert contracts_seal_pending.delay().get() == {"built": 1, "deferred": 0}
    expert_signed.refresh_from_db()
    sealed = expert_signed.signed_copy.file.open("rb").read()
    page = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("c.pdf", sealed, "application/pdf")}
    )
    assert page.context["result"].intact and page.context["result"].seal.ok


def test_the_verify_page_does_not_call_a_seal_broken_when_the_certificate_is_missing(
    client, settings, active_contract
):
    sealed = active_contract.documents.get().signed_copy.file.open("rb").read()
    _remove(_cert_files(settings))

    page = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("c.pdf", sealed, "application/pdf")}
    )

    assert page.status_code == 200
    assert page.context["result"].seal_unverifiable
    assert "verify-result" in page.content.decode() and "alert-warning" in page.content.decode()
    assert not any(f.exists() for f in _cert_files(settings))
