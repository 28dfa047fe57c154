"""Demo data of the contracts module for `manage.py seed_demo` (idempotent).

Active contracts for the experts of `kol` and `kol2` and a few other experts, orders and acts in
several states, signed documents with their sealed copies. Signatures in the demo are made through
the real signing service with one-time codes issued here (the e-mail step is skipped).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from contracts.cabinet import (
    cabinet_accept_agreements,
    cabinet_access_for,
    cabinet_confirm_identity,
)
from contracts.models import (
    AuthorisedSignatory,
    CabinetAccess,
    Contract,
    ContractDocument,
    SignerRole,
)
from contracts.services import (
    act_create,
    contract_create,
    contract_send_for_approval,
    document_send,
    service_order_approve,
    service_order_create,
)
from contracts.services.rendering import document_render
from contracts.signing import challenge_issue, document_sign, signed_copy_build
from experts.models import Expert, RateCard, ServiceType, Tier
from kolplatform.core.approvals import approval_current, approval_decide


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _users():
    User = get_user_model()
    names = ["manager", "legal", "approver", "finance", "admin", "kol", "kol2"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _ensure_rate_cards():
    for tier, base in [
        (Tier.INTERNATIONAL, 30000),
        (Tier.NATIONAL, 15000),
        (Tier.REGIONAL, 8000),
        (Tier.LOCAL, 5000),
    ]:
        for service in ServiceType.values:
            if not RateCard.objects.filter(tier=tier, service_type=service).exists():
                RateCard.objects.create(
                    tier=tier,
                    service_type=service,
                    fee_per_hour=Decimal(base),
                    valid_from=datetime.date(2025, 1, 1),
                )


def demo_sign(document: ContractDocument, user, role: str):
    """Sign through document_sign with a code issued here (no e-mail in the demo)."""
    _challenge, code = challenge_issue(
        document=document, user=user, role=role, address=user.email or "demo"
    )
    signature = document_sign(
        document=document,
        user=user,
        role=role,
        code=code,
        ip_address="127.0.0.1",
        user_agent="demo",
    )
    if role == SignerRole.COMPANY:
        signed_copy_build(document_id=document.pk)  # idempotent; the task may run it again
    return signature


def _prepare_kol(expert, users):
    access = cabinet_access_for(expert)
    if not access.identity_confirmed:
        cabinet_confirm_identity(expert=expert, actor=users["manager"], note="Паспорт проверен")
    if expert.user_id and not access.agreements_accepted:
        cabinet_accept_agreements(user=expert.user, ip_address="127.0.0.1")
    CabinetAccess.objects.filter(expert=expert, confirmed_email="").update(
        confirmed_email=expert.user.email if expert.user_id else expert.email
    )


def _approve(contract, users):
    deciders = {
        r: users[n]
        for r, n in [
            ("legal", "legal"),
            ("approver", "approver"),
            ("finance", "finance"),
            ("admin", "admin"),
        ]
    }
    while (request := approval_current(target=contract)) is not None:
        approval_decide(
            request=request,
            actor=deciders[request.current_step.role],
            approve=True,
            comment="Согласовано (демо)",
        )


def _document(contract, kind="contract", **kw):
    """The current document, rendered now if its task has not run yet (on-commit hooks are
    deferred inside the seeding transaction); rendering is idempotent."""
    document = (
        ContractDocument.objects.filter(contract=contract, kind=kind, **kw)
        .exclude(status="superseded")
        .latest("version")
    )
    if document.status == ContractDocument.Status.RENDERING:
        document_render(document_id=document.pk)
        document.refresh_from_db()
    return document


# Room for the three demo orders and a speaker's fee at every demo event (seed.demo.events).
DEMO_CAP = "1200000.00"


def _contract(expert, users, *, stage: str, cap=DEMO_CAP):
    """Take a contract of `expert` to `stage`: draft, in_approval, sent, active."""
    today = timezone.localdate()
    contract = contract_create(
        expert=expert,
        owner=users["manager"],
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(year=today.year + 1, month=12, day=31),
        cap_amount=Decimal(cap),
        tax_regime=expert.tax_status or "individual",
        services=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD, ServiceType.CONSULTING],
    )
    if stage == "draft":
        return contract
    contract_send_for_approval(contract=contract, actor=users["manager"])
    if stage == "in_approval":
        return contract
    _approve(contract, users)
    document = _document(contract)
    document_send(document=document, actor=users["manager"])
    if stage == "sent" or not expert.user_id:
        return contract
    demo_sign(document, expert.user, SignerRole.EXPERT)
    demo_sign(_document(contract), users["admin"], SignerRole.COMPANY)
    contract.refresh_from_db()
    return contract


def _orders(contract, users):
    """Three orders: one just placed, one approved with an act awaiting the expert, one done."""
    manager, today = users["manager"], timezone.localdate()
    expert_user = contract.expert.user
    placed = []
    for hours, service in [
        (2, ServiceType.LECTURE),
        (3, ServiceType.ADVISORY_BOARD),
        (1, ServiceType.CONSULTING),
    ]:
        placed.append(
            service_order_create(
                contract=contract,
                service_type=service,
                hours=hours,
                order_date=today,
                actor=manager,
                description="Демонстрационная заявка",
            )
        )
    for order in placed[1:]:
        service_order_approve(order=order, actor=manager)
    for order in placed[1:]:
        act = act_create(order=order, actual_hours=order.hours, act_date=today, actor=manager)
        document_send(document=_document(contract, "act", act=act), actor=manager)
    done = placed[2].act
    demo_sign(_document(contract, "act", act=done), expert_user, SignerRole.EXPERT)
    demo_sign(_document(contract, "act", act=done), users["admin"], SignerRole.COMPANY)


def seed(*, stdout=None):
    users = _users()
    if not {"manager", "legal", "approver", "admin"} <= set(users):
        _say(stdout, "contracts: core demo users missing, skipped\n")
        return
    AuthorisedSignatory.objects.get_or_create(
        user=users["admin"], defaults={"basis": "Устав (генеральный директор)"}
    )
    _ensure_rate_cards()
    kol_experts = [
        u.expert for n in ("kol", "kol2") if (u := users.get(n)) and hasattr(u, "expert")
    ]
    others = list(
        Expert.objects.filter(user__isnull=True, is_active=True)
        .exclude(email="")
        .exclude(tier="")
        .order_by("pk")[:3]
    )
    created = 0
    for index, expert in enumerate(kol_experts + others):
        if Contract.objects.filter(expert=expert).exists() or not expert.tier:
            continue
        from contracts.experts_api import consent_blocking_reason

        if consent_blocking_reason(expert=expert):
            continue
        _prepare_kol(expert, users)
        stage = "active" if expert.user_id else ["draft", "in_approval", "sent"][index % 3]
        contract = _contract(expert, users, stage=stage)
        if contract.status == Contract.Status.ACTIVE:
            _orders(contract, users)
        created += 1
    _say(stdout, f"contracts: {created} demo contracts\n")
