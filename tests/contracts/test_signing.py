from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contracts import otp
from contracts.errors import SigningError
from contracts.models import Contract, ContractDocument, OtpChallenge, Signature
from contracts.signing import document_decline, document_sign, otp_request
from kolplatform.core.models import Notification
from tests.contracts.conftest import last_code
from tests.factories.contracts import awaiting_document, ready_kol

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(kol, marketing_manager):
    ready_kol(kol, actor=marketing_manager)
    return awaiting_document(contract__expert=kol.expert, contract__owner=marketing_manager)


@pytest.fixture
def request_code(django_capture_on_commit_callbacks):
    def run(document, user, role="expert"):
        with django_capture_on_commit_callbacks(execute=True):
            challenge = otp_request(document=document, user=user, role=role, ip_address="10.0.0.1")
        return challenge, last_code(user.email)

    return run


def sign(document, user, code, role="expert"):
    return document_sign(
        document=document, user=user, role=role, code=code, ip_address="10.0.0.1", user_agent="UA"
    )


def test_signature_binds_the_hash_of_the_stored_bytes(document, kol, request_code):
    challenge, code = request_code(document, kol)
    signature = sign(document, kol, code)
    stored = document.pdf.file.open("rb").read()
    assert (
        signature.sha256
        == document.pdf.sha256
        == ContractDocument.pdf.field.related_model.hash_bytes(stored)
    )
    assert signature.challenge == challenge
    assert (signature.ip_address, signature.user_agent, signature.role) == (
        "10.0.0.1",
        "UA",
        "expert",
    )
    document.refresh_from_db()
    document.contract.refresh_from_db()
    assert document.status == ContractDocument.Status.AWAITING_COMPANY
    assert document.contract.status == Contract.Status.SIGNED_BY_EXPERT


def test_code_is_stored_hashed_and_mailed_to_the_confirmed_address(document, kol, request_code):
    challenge, code = request_code(document, kol)
    challenge.refresh_from_db()
    assert code not in challenge.code_hash
    assert mail.outbox[-1].to == [kol.email]
    assert not Notification.objects.filter(body__contains=code).exists()


def test_expired_code_is_refused(document, kol, request_code):
    challenge, code = request_code(document, kol)
    OtpChallenge.objects.filter(pk=challenge.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(SigningError, match="expired|истёк"):
        sign(document, kol, code)
    assert not Signature.objects.exists()


def test_five_wrong_attempts_lock_the_code(document, kol, request_code):
    challenge, code = request_code(document, kol)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(otp.MAX_ATTEMPTS):
        with pytest.raises(SigningError):
            sign(document, kol, wrong)
    challenge.refresh_from_db()
    assert challenge.attempts == otp.MAX_ATTEMPTS
    with pytest.raises(SigningError, match="attempts|попыт"):
        sign(document, kol, code)  # even the right code no longer works
    assert not Signature.objects.exists()


def test_a_new_code_needs_the_backoff(document, kol, request_code):
    request_code(document, kol)
    with pytest.raises(SigningError, match="s\\.|с\\."):
        otp_request(document=document, user=kol, role="expert")
    OtpChallenge.objects.update(created_at=timezone.now() - timedelta(seconds=31))
    challenge, _ = request_code(document, kol)
    assert OtpChallenge.objects.filter(expires_at__gt=timezone.now()).get() == challenge


def test_a_used_code_cannot_sign_again(document, kol, request_code, signatory):
    _, code = request_code(document, kol)
    sign(document, kol, code)
    with pytest.raises(SigningError):
        sign(document, kol, code)
    assert Signature.objects.count() == 1


def test_a_code_for_another_document_does_not_sign_this_one(document, kol, request_code):
    other = awaiting_document(contract__expert=kol.expert)
    _, code_for_other = request_code(other, kol)
    with pytest.raises(SigningError, match="Request a code|Запросите"):
        sign(document, kol, code_for_other)
    assert not Signature.objects.filter(document=document).exists()


def test_kol_cannot_request_or_sign_another_kols_document(document, other_kol, marketing_manager):
    ready_kol(other_kol, actor=marketing_manager)
    with pytest.raises(SigningError):
        otp_request(document=document, user=other_kol, role="expert")
    with pytest.raises(SigningError):
        sign(document, other_kol, "000000")


def test_signing_requires_identity_and_agreements(kol, marketing_manager):
    document = awaiting_document(contract__expert=kol.expert)
    with pytest.raises(SigningError, match="identity|личность"):
        otp_request(document=document, user=kol, role="expert")


def test_only_an_authorised_signatory_signs_for_the_company(
    document, kol, request_code, marketing_manager, signatory, django_capture_on_commit_callbacks
):
    _, code = request_code(document, kol)
    sign(document, kol, code)
    with pytest.raises(SigningError, match="signatory|подписант"):
        otp_request(document=document, user=marketing_manager, role="company")
    _, code = request_code(document, signatory, role="company")
    with django_capture_on_commit_callbacks(execute=True):
        sign(document, signatory, code, role="company")
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.SIGNED
    assert document.contract.status == Contract.Status.ACTIVE
    assert document.signed_copy is not None
    signed_copy = document.signed_copy.file.open("rb").read()
    original = document.pdf.file.open("rb").read()
    assert signed_copy.startswith(original)  # the original bytes are untouched


def test_decline_needs_a_reason_and_notifies_the_owner(document, kol, marketing_manager):
    with pytest.raises(SigningError):
        document_decline(document=document, user=kol, reason="  ")
    document_decline(document=document, user=kol, reason="Неверный размер вознаграждения")
    document.refresh_from_db()
    assert document.status == ContractDocument.Status.DECLINED
    assert Notification.objects.filter(
        recipient=marketing_manager, body__contains="Неверный размер"
    ).exists()


def test_a_tampered_stored_file_is_not_signed(document, kol, request_code):
    _, code = request_code(document, kol)
    path = document.pdf.file.path
    with open(path, "r+b") as fh:
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 1]))
    with pytest.raises(SigningError, match="hash|хеш"):
        sign(document, kol, code)
