from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contracts.cabinet import cabinet_invite, cabinet_register, invitation_for_token
from contracts.errors import ContractError
from contracts.generation import template_create_version, template_current, template_update
from contracts.models import CabinetInvitation, DocumentTemplate
from contracts.reminders import reminders_send
from contracts.verification import verify_hash, verify_pdf
from kolplatform.core.models import Notification
from tests.factories.contracts import ContractFactory, awaiting_document, force_status
from tests.factories.experts import ConsentFactory, ExpertFactory

pytestmark = pytest.mark.django_db


def test_default_templates_exist_for_every_kind():
    kinds = set(DocumentTemplate.objects.values_list("kind", flat=True))
    assert kinds == {"contract", "order", "act", "invoice", "esign_agreement", "consent"}


def test_a_used_template_is_never_edited_a_new_version_is_made(legal):
    template = template_current(kind="contract")
    template_update(template=template, title="Новое название", body=template.body, actor=legal)
    DocumentTemplate.objects.filter(pk=template.pk).update(used_at=timezone.now())
    template.refresh_from_db()
    with pytest.raises(ContractError):
        template_update(template=template, title="x", body="y", actor=legal)
    new = template_create_version(kind="contract", title="v2", body=template.body, actor=legal)
    assert new.version == template.version + 1
    assert template_current(kind="contract") == new


def test_a_template_with_a_syntax_error_is_refused(legal):
    with pytest.raises(ContractError):
        template_create_version(kind="act", title="x", body="{% if %}", actor=legal)


@pytest.fixture
def signed(active_contract):
    return active_contract.documents.get()


def test_verification_finds_the_signed_copy_and_its_seal(signed):
    data = signed.signed_copy.file.open("rb").read()
    result = verify_pdf(data)
    assert result.found and result.is_signed_copy and result.intact
    assert result.seal.ok
    assert [s.role for s in result.signatures] == ["expert", "company"]


def test_verification_reports_a_one_byte_change_as_not_matching(signed):
    data = bytearray(signed.signed_copy.file.open("rb").read())
    data[len(data) // 3] ^= 0x01
    result = verify_pdf(bytes(data))
    assert not result.found
    assert not result.intact


def test_verification_by_hash_of_the_original(signed):
    result = verify_hash(signed.pdf.sha256.upper())
    assert result.found and not result.is_signed_copy
    with pytest.raises(ContractError):
        verify_hash("not a hash")
    assert not verify_hash("0" * 64).found


# --- Invitations ----------------------------------------------------------------------------


@pytest.fixture
def expert():
    expert = ExpertFactory(email="new.kol@example.com")
    ConsentFactory(expert=expert)
    return expert


def _token_from_mail():
    body = mail.outbox[-1].body
    return body.split("/contracts/invitation/")[1].split("/")[0]


def test_invitation_registers_once_and_confirms_the_email(
    expert, marketing_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cabinet_invite(expert=expert, actor=marketing_manager)
    token = _token_from_mail()
    assert token not in CabinetInvitation.objects.get().token_hash
    user = cabinet_register(token=token, password="Sil'nyi-Parol-77")
    expert.refresh_from_db()
    assert expert.user == user and user.is_kol
    assert expert.cabinet_access.confirmed_email == "new.kol@example.com"
    with pytest.raises(ContractError):
        invitation_for_token(token)  # one-time


def test_expired_invitation_is_refused(
    expert, marketing_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cabinet_invite(expert=expert, actor=marketing_manager)
    CabinetInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ContractError, match="expired|истек"):
        cabinet_register(token=_token_from_mail(), password="Sil'nyi-Parol-77")


# --- Reminders ------------------------------------------------------------------------------


def test_reminders_are_sent_once(kol, marketing_manager):
    document = awaiting_document(contract__expert=kol.expert, contract__owner=marketing_manager)
    document.sent_at = timezone.now() - timedelta(days=5)
    document.save(update_fields=["sent_at"])
    expiring = ContractFactory(
        owner=marketing_manager, ends_on=timezone.localdate() + timedelta(days=10)
    )
    force_status(expiring, "active")
    first = reminders_send()
    assert first == {"unsigned": 2, "expiring": 1}
    assert reminders_send() == {"unsigned": 0, "expiring": 0}
    assert Notification.objects.filter(recipient=kol).count() == 1
