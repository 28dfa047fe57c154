from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.errors import ContractError
from contracts.models import Act, Contract, ContractDocument, ServiceOrder
from contracts.selectors import contract_active_for
from contracts.services import (
    act_create,
    contract_create,
    contract_send_for_approval,
    contract_terminate,
    contract_update,
    contracts_expire_ended,
    service_order_approve,
    service_order_cancel,
    service_order_create,
)
from experts.models import ServiceType
from kolplatform.core.approvals import approval_current, approval_decide
from kolplatform.core.audit import audit_trail
from kolplatform.core.models import AuditLog
from tests.factories.contracts import ContractFactory, ServiceOrderFactory, force_status
from tests.factories.experts import ConsentFactory, ExpertFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    return expert


def test_contract_numbers_follow_the_configured_pattern(make_contract, expert):
    first, second = make_contract(expert), make_contract(expert)
    assert first.number == "К-2026-00001"
    assert second.number == "К-2026-00002"


@pytest.mark.parametrize("ends_on", [date(2026, 6, 30), date(2029, 6, 1)])
def test_contract_term_outside_one_to_three_years_is_refused(marketing_manager, expert, ends_on):
    with pytest.raises(ContractError):
        contract_create(
            expert=expert,
            owner=marketing_manager,
            starts_on=date(2026, 1, 1),
            ends_on=ends_on,
            cap_amount=Decimal("100000"),
            tax_regime="individual",
            services=["lecture"],
        )


def test_expert_without_consent_cannot_be_contracted(marketing_manager):
    with pytest.raises(ContractError, match="consent|соглас"):
        contract_create(
            expert=ExpertFactory(),
            owner=marketing_manager,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            cap_amount=Decimal("100000"),
            tax_regime="individual",
            services=["lecture"],
        )


def test_rejection_returns_the_contract_to_draft_with_audit(
    make_contract, expert, marketing_manager, legal
):
    contract = make_contract(expert)
    contract_send_for_approval(contract=contract, actor=marketing_manager)
    request = approval_current(target=contract)
    approval_decide(request=request, actor=legal, approve=False, comment="Исправить предмет")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.DRAFT
    states = list(
        audit_trail(contract)
        .filter(action=AuditLog.Action.TRANSITION)
        .order_by("created_at", "id")
        .values_list("to_state", flat=True)
    )
    assert states == ["in_approval", "rejected", "draft"]
    contract_update(contract=contract, actor=marketing_manager, cap_amount=Decimal("200000"))
    contract_send_for_approval(contract=contract, actor=marketing_manager)  # resubmitted


def test_finance_step_only_from_the_amount(make_contract, expert, marketing_manager):
    small = make_contract(expert, cap=Decimal("300000"))
    big = make_contract(expert, cap=Decimal("600000"))
    for c in (small, big):
        contract_send_for_approval(contract=c, actor=marketing_manager)
    from kolplatform.core.approvals import approval_steps_for

    def roles(c):
        r = approval_current(target=c)
        return [s.role for s in approval_steps_for(route=r.route, amount=r.amount)]

    assert "finance" not in roles(small)
    assert roles(big) == ["legal", "approver", "finance", "admin"]


def test_only_a_draft_can_be_changed_or_sent(make_contract, expert, marketing_manager):
    contract = make_contract(expert)
    contract_send_for_approval(contract=contract, actor=marketing_manager)
    with pytest.raises(ContractError):
        contract_update(contract=contract, actor=marketing_manager, cap_amount=Decimal("1"))
    with pytest.raises(ContractError):
        contract_send_for_approval(contract=contract, actor=marketing_manager)


@pytest.mark.parametrize(
    ("status", "transition"),
    [
        ("draft", "approve"),
        ("draft", "send_to_expert"),
        ("approved", "sign_by_expert"),
        ("sent_to_expert", "sign_by_company"),
        ("draft", "terminate"),
        ("expired", "terminate"),
    ],
)
def test_transitions_refused_from_wrong_states(status, transition):
    from django_fsm import can_proceed

    contract = ContractFactory()
    force_status(contract, status)
    assert not can_proceed(getattr(contract, transition))


def test_send_to_expert_needs_a_rendered_document(kol, marketing_manager):
    from contracts.services import document_send
    from tests.factories.contracts import ContractDocumentFactory, ready_kol

    ready_kol(kol, actor=marketing_manager)
    contract = ContractFactory(expert=kol.expert, owner=marketing_manager)
    force_status(contract, "approved")
    document = ContractDocumentFactory(contract=contract)
    force_status(document, "rendering")
    with pytest.raises(ContractError):
        document_send(document=document, actor=marketing_manager)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.APPROVED


def test_terminate_needs_a_reason_and_an_active_contract(marketing_manager):
    contract = ContractFactory()
    force_status(contract, "active")
    with pytest.raises(ContractError):
        contract_terminate(contract=contract, actor=marketing_manager, reason="")
    contract_terminate(contract=contract, actor=marketing_manager, reason="По соглашению сторон")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.TERMINATED


def test_active_contracts_past_their_end_expire_once():
    ended = ContractFactory(
        starts_on=date(2023, 1, 1), ends_on=timezone.localdate() - timedelta(days=1)
    )
    running = ContractFactory()
    force_status(ended, "active")
    force_status(running, "active")
    running.ends_on = timezone.localdate() + timedelta(days=5)
    running.save(update_fields=["ends_on"])
    assert contracts_expire_ended() == 1
    assert contracts_expire_ended() == 0
    ended.refresh_from_db()
    assert ended.status == Contract.Status.EXPIRED


# --- Orders ------------------------------------------------------------------------------------


@pytest.fixture
def active(rate_cards, marketing_manager):
    contract = ContractFactory(cap_amount=Decimal("50000.00"), owner=marketing_manager)
    force_status(contract, "active")
    return contract


def test_order_rate_comes_from_the_rate_card(active, marketing_manager):
    order = service_order_create(
        contract=active,
        service_type=ServiceType.LECTURE,
        hours=Decimal("1.5"),
        order_date=date(2026, 3, 1),
        actor=marketing_manager,
    )
    assert (order.rate, order.amount) == (Decimal("10000.00"), Decimal("15000.00"))
    assert order.number == "З-2026-00001"
    assert contract_active_for(expert=active.expert, on=date(2026, 3, 1)) == active
    assert contract_active_for(expert=active.expert, on=date(2030, 3, 1)) is None


def test_order_above_the_cap_is_refused_with_the_reason(active, marketing_manager):
    service_order_create(
        contract=active,
        service_type="lecture",
        hours=4,
        order_date=date(2026, 3, 1),
        actor=marketing_manager,
    )
    with pytest.raises(ContractError) as refusal:
        service_order_create(
            contract=active,
            service_type="lecture",
            hours=2,
            order_date=date(2026, 3, 2),
            actor=marketing_manager,
        )
    assert "10" in str(refusal.value)  # what remains is named
    assert ServiceOrder.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"service_type": "publication"}, "cover|охват"),
        ({"order_date": date(2030, 1, 1)}, "term|срок"),
        ({"hours": 0}, "positive|положит"),
    ],
)
def test_order_refusals(active, marketing_manager, kwargs, match):
    data = {"service_type": "lecture", "hours": 1, "order_date": date(2026, 3, 1), **kwargs}
    with pytest.raises(ContractError, match=match):
        service_order_create(contract=active, actor=marketing_manager, **data)


def test_order_needs_an_active_contract(marketing_manager, rate_cards):
    with pytest.raises(ContractError):
        service_order_create(
            contract=ContractFactory(),
            service_type="lecture",
            hours=1,
            order_date=date(2026, 3, 1),
            actor=marketing_manager,
        )


def test_order_without_a_rate_card_is_refused(active, marketing_manager):
    active.services = ["lecture", "consulting"]
    active.save(update_fields=["services"])
    with pytest.raises(ContractError, match="rate|ставк"):
        service_order_create(
            contract=active,
            service_type="consulting",
            hours=1,
            order_date=date(2026, 3, 1),
            actor=marketing_manager,
        )


def test_order_approve_issues_its_document_and_cancel_needs_a_reason(
    active, marketing_manager, django_capture_on_commit_callbacks
):
    order = ServiceOrderFactory(contract=active)
    with django_capture_on_commit_callbacks(execute=True):
        service_order_approve(order=order, actor=marketing_manager)
    document = order.documents.get()
    assert document.status == ContractDocument.Status.READY and document.pdf.sha256
    with pytest.raises(ContractError):
        service_order_cancel(order=order, actor=marketing_manager, reason="")
    service_order_cancel(order=order, actor=marketing_manager, reason="Мероприятие отменено")
    order.refresh_from_db()
    document.refresh_from_db()
    assert order.status == ServiceOrder.Status.CANCELLED
    assert document.status == ContractDocument.Status.SUPERSEDED


def test_act_from_an_approved_order_within_ordered_hours(active, marketing_manager):
    order = ServiceOrderFactory(contract=active, hours=Decimal("2"), rate=Decimal("10000"))
    with pytest.raises(ContractError):
        act_create(order=order, actual_hours=2, act_date=date(2026, 3, 5), actor=marketing_manager)
    force_status(order, "approved")
    with pytest.raises(ContractError):
        act_create(order=order, actual_hours=3, act_date=date(2026, 3, 5), actor=marketing_manager)
    act = act_create(
        order=order, actual_hours=Decimal("1.5"), act_date=date(2026, 3, 5), actor=marketing_manager
    )
    assert act.amount == Decimal("15000.00") and act.status == Act.Status.DRAFT
    with pytest.raises(ContractError):
        act_create(order=order, actual_hours=1, act_date=date(2026, 3, 5), actor=marketing_manager)


def test_act_signed_listeners_run_in_the_signing_transaction(
    kol, marketing_manager, signatory, rate_cards, django_capture_on_commit_callbacks
):
    from kolplatform.core import hooks
    from tests.contracts.conftest import act_sent_to_expert, sign_as
    from tests.factories.contracts import ready_kol

    seen = []
    listener = lambda *, act, actor: seen.append((act.pk, act.status))  # noqa: E731
    with hooks.overridden(hooks.ACT_SIGNED, "tests.seen", listener):
        ready_kol(kol, actor=marketing_manager)
        act, document = act_sent_to_expert(
            kol.expert, marketing_manager, django_capture_on_commit_callbacks
        )
        sign_as(document, kol, "expert", django_capture_on_commit_callbacks)
        act.refresh_from_db()
        assert act.status == Act.Status.SIGNED_BY_EXPERT and seen == []
        sign_as(document, signatory, "company", django_capture_on_commit_callbacks)
        assert seen == [(act.pk, Act.Status.SIGNED_BY_COMPANY)]
