"""Payout lifecycle: creation from the act, checks, approval, cancel, retry, receipts."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from experts.bank import REQUIRED_FIELDS, bank_details_are_complete
from experts.models import ExpertBankDetails, TaxStatus
from kolplatform.core.models import ApprovalRequest, AuditLog, Notification
from payments import checks, services, upstream
from payments.models import CapException, Payout, PayoutCheck
from payments.services import PayoutError
from payments.tax_settings import SettingsBook
from tests.factories.contracts import force_status
from tests.factories.experts import ExpertFactory
from tests.factories.payments import npd_confirmed, signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status


def test_payout_created_from_signed_act_with_tax_and_due_date(finance):
    act = signed_act(amount=D("100000.00"))
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert payout.status == S.READY, payout.blocked_reason
    assert (payout.gross, payout.withholding, payout.net) == (
        D("100000.00"),
        D("13000.00"),
        D("87000.00"),
    )
    assert payout.employer_contributions == D("30000.00")
    assert payout.due_date == timezone.localdate(act.signed_at) + timedelta(days=10)
    assert payout.calculation["withholding"]["slices"][0]["rate"] == "0.13"
    assert payout.checks.count() == len(PayoutCheck.Code)
    assert Notification.objects.filter(recipient=finance, level="action").exists()


def test_creating_twice_for_the_same_act_returns_the_one_payout(finance):
    act = signed_act()
    first = services.payout_create_from_act(act=act, actor=finance)
    assert services.payout_create_from_act(act=act, actor=finance).pk == first.pk
    assert Payout.objects.filter(act=act).count() == 1


def test_unsigned_act_makes_no_payout(finance):
    act = signed_act()
    force_status(act, "signed_by_expert")
    with pytest.raises(PayoutError):
        services.payout_create_from_act(act=act, actor=finance)


def test_second_payout_of_the_year_withholds_on_year_to_date_income(finance):
    expert = ExpertFactory(tier="international")
    from tests.factories.experts import ConsentFactory

    ConsentFactory(expert=expert)
    first_act = signed_act(expert=expert, amount=D("2300000.00"), cap_amount=D("10000000"))
    services.payout_create_from_act(act=first_act, actor=finance)
    second = services.payout_create_from_act(
        act=signed_act(contract=first_act.order.contract, amount=D("200000.00")), actor=finance
    )
    assert second.withholding == D("28000.00")  # 100k at 13% + 100k at 15%


def _blocked_by(payout, code):
    payout.refresh_from_db()
    failed = payout.checks.filter(run_at=payout.checked_at, result="failed")
    return payout.status == S.BLOCKED and code in set(failed.values_list("code", flat=True))


def test_withdrawn_consent_blocks(finance):
    act = signed_act()
    act.order.contract.expert.consents.update(withdrawn_at=timezone.now())
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert _blocked_by(payout, "consent")
    assert "consent" in payout.blocked_reason


def test_missing_bank_details_block(finance):
    act = signed_act()
    act.order.contract.expert.bank_details.delete()
    act.order.contract.bank_details_snapshot = {}
    act.order.contract.save(update_fields=["bank_details_snapshot"])
    assert _blocked_by(services.payout_create_from_act(act=act, actor=finance), "bank_details")


def test_unverified_bank_details_block(finance):
    act = signed_act()
    contract = act.order.contract
    contract.expert.bank_details.__class__.objects.filter(expert=contract.expert).update(
        verified_at=None
    )
    assert _blocked_by(services.payout_create_from_act(act=act, actor=finance), "bank_details")


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_missing_bank_detail_blocks(finance, field):
    """The batch reading of completeness agrees with the experts module's rule, field by field."""
    act = signed_act()
    expert = act.order.contract.expert
    details = ExpertBankDetails.objects.get(expert=expert)
    setattr(details, field, "")
    details.save()
    assert upstream.bank_details_status(expert_ids=[expert.pk]) == {expert.pk: (False, True)}
    assert bank_details_are_complete(expert=expert) is False
    assert _blocked_by(services.payout_create_from_act(act=act, actor=finance), "bank_details")


@pytest.mark.parametrize("code", PayoutCheck.Code.values)
def test_every_failed_check_blocks_the_payout(finance, monkeypatch, code):
    """Whatever check fails, the payout is blocked with that check's message as the reason."""
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    assert payout.status == S.READY
    failing = [
        (c, (lambda p, f: (PayoutCheck.Result.FAILED, "forced")) if c == code else fn)
        for c, fn in checks.CHECKS
    ]
    monkeypatch.setattr(checks, "CHECKS", failing)
    services.payouts_run_checks(payout_ids=[payout.pk], actor=finance)
    assert _blocked_by(payout, code)
    assert payout.blocked_reason == "forced"


def test_a_second_payout_for_the_act_fails_its_check(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    facts = checks.CheckFacts([payout], book=SettingsBook())
    facts.payouts_per_act[payout.act_id] = 2  # the one-to-one act link makes it unreachable here
    assert checks.check_single_payout(payout, facts)[0] == PayoutCheck.Result.FAILED


def test_act_no_longer_signed_blocks_on_recheck(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    force_status(payout.act, "signed_by_expert")
    services.payouts_run_checks(payout_ids=[payout.pk], actor=finance)
    assert _blocked_by(payout, "act_signed")


@pytest.mark.parametrize(
    ("amount", "blocked"),
    [(D("999999.99"), False), (D("1000000.00"), False), (D("1000000.01"), True)],
)
def test_contract_cap_under_at_and_over(finance, amount, blocked):
    payout = services.payout_create_from_act(
        act=signed_act(amount=amount, cap_amount=D("1000000")), actor=finance
    )
    assert _blocked_by(payout, "contract_cap") is blocked


@pytest.mark.parametrize(("amount", "blocked"), [(D("800000.00"), False), (D("800000.01"), True)])
def test_annual_cap_of_the_tier_at_and_over(finance, amount, blocked):
    expert = ExpertFactory(tier="local")  # seeded annual cap 800,000
    from tests.factories.experts import ConsentFactory

    ConsentFactory(expert=expert)
    act = signed_act(expert=expert, amount=amount, cap_amount=D("5000000"))
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert _blocked_by(payout, "annual_cap") is blocked


def test_approved_exception_lets_a_capped_payout_through(finance):
    payout = services.payout_create_from_act(
        act=signed_act(amount=D("1500000"), cap_amount=D("1000000")), actor=finance
    )
    assert payout.status == S.BLOCKED
    with pytest.raises(PayoutError):
        services.cap_exception_grant(payout=payout, kind="contract_cap", reason=" ", actor=finance)
    services.cap_exception_grant(
        payout=payout, kind="contract_cap", reason="Extra lecture agreed", actor=finance
    )
    payout.refresh_from_db()
    assert payout.status == S.READY
    assert payout.checks.get(run_at=payout.checked_at, code="contract_cap").result == "warning"
    assert CapException.objects.get(payout=payout).approved_by == finance


def test_self_employed_needs_a_fresh_status_confirmation(finance):
    act = signed_act(tax_status=TaxStatus.SELF_EMPLOYED)
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert _blocked_by(payout, "tax_status")
    assert payout.withholding == D("0.00") and payout.net == payout.gross
    services.npd_status_confirm_manually(
        expert=payout.expert,
        inn="772012345678",
        on_date=timezone.localdate(),
        is_self_employed=True,
        comment="Checked on npd.nalog.ru",
        actor=finance,
    )
    payout.refresh_from_db()
    assert payout.status == S.READY
    check = payout.expert.npd_checks.get()
    assert (check.checked_by, check.source) == (finance, "manual")


def test_self_employed_status_lost_blocks(finance):
    act = signed_act(tax_status=TaxStatus.SELF_EMPLOYED)
    npd_confirmed(act.order.contract.expert, is_self_employed=False)
    assert _blocked_by(services.payout_create_from_act(act=act, actor=finance), "tax_status")


def test_entrepreneur_needs_an_invoice(finance):
    act = signed_act(tax_status=TaxStatus.ENTREPRENEUR)
    payout = services.payout_create_from_act(act=act, actor=finance)
    assert _blocked_by(payout, "tax_status")
    services.payout_upload_invoice(payout=payout, data=b"%PDF-1.4", name="inv.pdf", actor=finance)
    payout.refresh_from_db()
    assert payout.status == S.READY and payout.withholding == 0


def test_single_payout_check_passes_for_the_only_payout(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    assert payout.checks.get(code="single_payout").result == "passed"


def test_overdue_receipt_blocks_further_payouts(finance, kol):
    expert = kol.expert
    expert.tax_status = TaxStatus.SELF_EMPLOYED
    expert.save(update_fields=["tax_status"])
    npd_confirmed(expert)
    paid = services.payout_create_from_act(act=signed_act(expert=expert), actor=finance)
    force_status(paid, S.PAID)
    Payout.objects.filter(pk=paid.pk).update(
        paid_at=date(2026, 1, 20), receipt_due_date=timezone.localdate() - timedelta(days=1)
    )
    nxt = services.payout_create_from_act(act=signed_act(contract=paid.contract), actor=finance)
    assert _blocked_by(nxt, "receipts")
    assert f"#{paid.pk}" in nxt.blocked_reason
    services.payout_upload_receipt(
        payout=paid, data=b"%PDF-1.4 receipt", name="chek.pdf", actor=kol
    )
    nxt.refresh_from_db()
    assert nxt.status == S.READY


def test_receipt_on_its_due_day_is_not_overdue(finance, kol):
    expert = kol.expert
    expert.tax_status = TaxStatus.SELF_EMPLOYED
    expert.save(update_fields=["tax_status"])
    npd_confirmed(expert)
    paid = services.payout_create_from_act(act=signed_act(expert=expert), actor=finance)
    force_status(paid, S.PAID)
    Payout.objects.filter(pk=paid.pk).update(receipt_due_date=timezone.localdate())
    nxt = services.payout_create_from_act(act=signed_act(contract=paid.contract), actor=finance)
    assert nxt.status == S.READY


def test_finance_approves_through_the_route(finance, make_user):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    approved = services.payout_approve(payout=payout, actor=finance, comment="ok")
    assert approved.status == S.APPROVED
    assert approved.approved_by == finance
    request = ApprovalRequest.objects.get(target_id=str(payout.pk))
    assert request.status == "approved" and request.requested_by == payout.contract.owner
    assert AuditLog.objects.filter(object_id=str(payout.pk), to_state="approved").exists()


def test_second_approval_of_the_same_payout_is_refused(finance, make_user):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    services.payout_approve(payout=payout, actor=finance)
    other = make_user("finance", username="finance2")
    with pytest.raises(PayoutError, match="cannot be approved"):
        services.payout_approve(payout=payout, actor=other)
    assert ApprovalRequest.objects.filter(target_id=str(payout.pk)).count() == 1


def test_contract_owner_cannot_approve_their_own_payout(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    owner = payout.contract.owner
    owner.groups.add(finance.groups.get())
    with pytest.raises(PayoutError):
        services.payout_approve(payout=payout, actor=owner)


def test_approval_rechecks_and_blocks_if_something_changed(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    payout.expert.consents.update(withdrawn_at=timezone.now())
    result = services.payout_approve(payout=payout, actor=finance)
    assert result.status == S.BLOCKED


def test_cancel_needs_a_reason_and_not_after_export(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    with pytest.raises(PayoutError):
        services.payout_cancel(payout=payout, actor=finance, comment="")
    force_status(payout, S.IN_REGISTRY)
    with pytest.raises(PayoutError):
        services.payout_cancel(payout=payout, actor=finance, comment="duplicate")
    force_status(payout, S.READY)
    assert services.payout_cancel(payout=payout, actor=finance, comment="dup").status == S.CANCELLED


def test_receipt_only_for_self_employed_after_payment(finance, kol):
    payout = services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    with pytest.raises(PayoutError, match="self-employed"):
        services.payout_upload_receipt(payout=payout, data=b"x", name="a.pdf", actor=kol)


def test_caps_count_committed_money_and_recheck_at_approval(finance):
    first = services.payout_create_from_act(
        act=signed_act(amount=D("600000"), cap_amount=D("1000000")), actor=finance
    )
    second = services.payout_create_from_act(
        act=signed_act(contract=first.contract, amount=D("600000")), actor=finance
    )
    assert (first.status, second.status) == (S.READY, S.READY)  # neither is committed yet
    assert services.payout_approve(payout=first, actor=finance).status == S.APPROVED
    assert services.payout_approve(payout=second, actor=finance).status == S.BLOCKED
    assert _blocked_by(second, "contract_cap")
