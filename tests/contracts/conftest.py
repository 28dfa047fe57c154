import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from contracts.models import ContractDocument, DocumentKind
from contracts.services import (
    act_create,
    contract_create,
    contract_send_for_approval,
    document_send,
)
from contracts.signing import document_sign, otp_request
from experts.models import ServiceType, TaxStatus, Tier
from kolplatform.core.approvals import approval_current, approval_decide
from tests.factories.contracts import (
    AuthorisedSignatoryFactory,
    ContractFactory,
    ServiceOrderFactory,
    force_status,
    ready_kol,
)
from tests.factories.experts import RateCardFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Persona users are many; a fast hasher keeps these tests quick (not a security setting)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _signing_cert(settings, tmp_path_factory):
    base = tmp_path_factory.getbasetemp() / "signing"
    settings.SIGNING_CERT_FILE = str(base / "org.pem")
    settings.SIGNING_KEY_FILE = str(base / "org.key")


@pytest.fixture
def signatory(admin_user):
    return AuthorisedSignatoryFactory(user=admin_user).user


@pytest.fixture
def rate_cards(db):
    return [
        RateCardFactory(tier=Tier.NATIONAL, service_type=s, fee_per_hour=Decimal("10000.00"))
        for s in (ServiceType.LECTURE, ServiceType.ADVISORY_BOARD)
    ]


def last_code(email: str) -> str:
    for message in reversed(mail.outbox):
        if email in message.to and (found := re.search(r"»: (\d{6})\b", message.body)):
            return found.group(1)
    raise AssertionError(f"no code e-mailed to {email}")


@pytest.fixture
def make_contract(marketing_manager):
    def make(expert, *, cap=Decimal("300000.00"), starts_on=date(2026, 1, 1)):
        return contract_create(
            expert=expert,
            owner=marketing_manager,
            starts_on=starts_on,
            ends_on=date(starts_on.year + 1, 12, 31),
            cap_amount=cap,
            tax_regime=TaxStatus.INDIVIDUAL,
            services=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD],
        )

    return make


@pytest.fixture
def approve_all(legal, approver, finance, signatory):
    """Decide every step of the contract's pending request as approved."""

    def run(contract):
        deciders = {"legal": legal, "approver": approver, "finance": finance, "admin": signatory}
        while (request := approval_current(target=contract)) is not None:
            approval_decide(
                request=request, actor=deciders[request.current_step.role], approve=True
            )
        contract.refresh_from_db()
        return contract

    return run


def sign_through_views(client, user, document, capture):
    """Sign `document` as `user` the way a person does: request a code, read it, post it."""
    client.force_login(user)
    with capture(execute=True):
        client.post(reverse("contracts:otp_request", args=[document.pk]))
    with capture(execute=True):
        return client.post(
            reverse("contracts:sign", args=[document.pk]), {"code": last_code(user.email)}
        )


def sign_as(document, user, role, capture):
    """Request a code (its e-mail goes out on commit), read it from the outbox and sign."""
    with capture(execute=True):
        otp_request(document=document, user=user, role=role, ip_address="127.0.0.1")
    with capture(execute=True):
        return document_sign(
            document=document,
            user=user,
            role=role,
            code=last_code(user.email),
            ip_address="127.0.0.1",
            user_agent="pytest",
        )


def contract_sent_to_expert(kol, owner, make_contract, approve_all, capture):
    """A contract of `kol` taken through approval; its document is sent for the signatures."""
    ready_kol(kol, actor=owner)
    with capture(execute=True):
        contract = make_contract(kol.expert)
        contract_send_for_approval(contract=contract, actor=owner)
        approve_all(contract)
    document = ContractDocument.objects.get(contract=contract, kind=DocumentKind.CONTRACT)
    with capture(execute=True):
        document_send(document=document, actor=owner)
    return contract, document


def act_sent_to_expert(expert, owner, capture, **contract_fields):
    """An act of 2 hours on an approved order of an active contract of `expert`, sent for the
    signatures."""
    contract = ContractFactory(expert=expert, owner=owner, **contract_fields)
    force_status(contract, "active")
    order = ServiceOrderFactory(contract=contract)
    force_status(order, "approved")
    with capture(execute=True):
        act = act_create(order=order, actual_hours=2, act_date=date(2026, 3, 5), actor=owner)
    document = act.documents.get(kind=DocumentKind.ACT)
    with capture(execute=True):
        document_send(document=document, actor=owner)
    return act, document


@pytest.fixture
def active_contract(
    kol,
    marketing_manager,
    make_contract,
    approve_all,
    signatory,
    django_capture_on_commit_callbacks,
):
    """A contract of `kol` taken through approval, sending and both signatures."""
    contract, document = contract_sent_to_expert(
        kol, marketing_manager, make_contract, approve_all, django_capture_on_commit_callbacks
    )
    sign_as(document, kol, "expert", django_capture_on_commit_callbacks)
    sign_as(document, signatory, "company", django_capture_on_commit_callbacks)
    contract.refresh_from_db()
    return contract
