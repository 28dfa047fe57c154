"""Demo payouts in every state for the demo experts (kol and kol2 first), one exported registry
with a confirmation imported, an NPD status check, a support thread. Idempotent: acts are found by
their demo numbers and nothing is created twice.

The tax settings, annual caps and the approval route come from the data migration.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contracts.models import Act, Contract, ServiceOrder
from events.models import Event, EventOrder, ProgramItem
from experts.models import Consent, Expert, ExpertBankDetails, ServiceType
from payments import formats, services
from payments.models import PaymentRegistry, Payout, PayoutSettings
from payments.services.payouts import _apply_tax
from payments.tax_settings import SettingsBook

PREFIX = "ДЕМО-ВЫП"
BANK = {
    "account": "40817810099910004312",
    "bik": "044525225",
    "bank_name": "ПАО Сбербанк",
    "corr_account": "30101810400000000225",
    "inn": "772012345678",
    "verified": True,
}
# (expert index, amount, final state)
PLAN = [
    (0, "90000", "paid"),
    (0, "45000", "in_registry"),
    (0, "60000", "approved"),
    (0, "30000", "ready"),
    (1, "120000", "paid"),
    (1, "40000", "failed"),
    (2, "35000", "blocked"),  # the payee's bank details are not verified yet
    (2, "20000", "cancelled"),
    (2, "25000", "pending_checks"),
]
# Demo payouts stay within the contract and annual caps (caps are checked when money is
# committed); the blocked one is blocked by the payee's unverified bank details.
UNVERIFIED = 2


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _demo_experts() -> list[Expert]:
    experts = [u.expert for u in filter(None, map(_user, ["kol", "kol2"])) if hasattr(u, "expert")]
    others = Expert.objects.exclude(pk__in=[e.pk for e in experts]).order_by("pk")
    experts += list(others[: 3 - len(experts)])
    return experts


def _ensure_bank_details(expert: Expert) -> None:
    """Verified bank details for a demo payee that has none yet (kept when the experts demo set
    them)."""
    if ExpertBankDetails.objects.filter(expert=expert).exists():
        return
    fields = {k: v for k, v in BANK.items() if k != "verified"}
    ExpertBankDetails.objects.create(
        expert=expert, recipient_name=expert.full_name, verified_at=timezone.now(), **fields
    )


def _act(n: int, expert: Expert, amount: Decimal, owner) -> Act:
    number = f"{PREFIX}-{n:03d}"
    act = Act.objects.filter(number=number).first()
    if act is not None:
        return act
    contract, _ = Contract.objects.get_or_create(
        number=f"{PREFIX}-К-{expert.pk}",
        defaults={
            "expert": expert,
            "starts_on": timezone.localdate() - timedelta(days=120),
            "ends_on": timezone.localdate() + timedelta(days=600),
            "tax_regime": expert.tax_status,
            "cap_amount": Decimal("3000000"),
            "bank_details_snapshot": BANK,
            "owner": owner,
        },
    )
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.ACTIVE)
    _ensure_bank_details(expert)
    order = ServiceOrder.objects.create(
        number=f"{PREFIX}-З-{n:03d}",
        contract=contract,
        status=ServiceOrder.Status.SIGNED,
        service_type=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD][n % 2],
        order_date=timezone.localdate() - timedelta(days=30),
        hours=Decimal(2),
        rate=amount / 2,
        amount=amount,
        created_by=owner,
    )
    _talk_at_past_event(order, expert, n)
    return Act.objects.create(
        number=number,
        order=order,
        status=Act.Status.SIGNED_BY_COMPANY,
        act_date=timezone.localdate() - timedelta(days=5),
        actual_hours=Decimal(2),
        amount=amount,
        signed_at=timezone.now() - timedelta(days=5),
    )


def _talk_at_past_event(order, expert: Expert, n: int) -> None:
    """The fee is for a talk in the programme of a past demo event: the dashboards count a
    payout for the event whose programme carries its order (analytics.sql)."""
    past = Event.objects.filter(
        status__in=[Event.Status.HELD, Event.Status.CLOSING, Event.Status.CLOSED]
    ).order_by("starts_at", "pk")
    event = past[n % past.count()] if past.exists() else None
    if event is None:
        return
    ProgramItem.objects.create(
        event=event,
        topic="Лекция: разбор клинических случаев",
        speaker=expert,
        service_order=order,
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
    )
    EventOrder.objects.create(event=event, service_order=order)


def _confirm(registry, payouts, accountant, outcome):
    rows = []
    for line in registry.lines.filter(payout__in=payouts):
        paid = outcome[line.payout_id] == "paid"
        rows.append(
            {
                "registry_number": registry.number,
                "line_no": line.line_no,
                "payout_id": line.payout_id,
                "amount": str(line.amount),
                "status": "paid" if paid else "failed",
                "payment_order_number": f"{4100 + line.line_no}" if paid else "",
                "paid_on": timezone.localdate().isoformat() if paid else "",
                "reason": "" if paid else "Счёт получателя закрыт",
            }
        )
    services.confirmation_import(
        data=formats.confirmation_csv(rows), name="demo-bank-confirmation.csv", actor=accountant
    )


def _pending(act) -> Payout:
    """A payout as created before its checks run (they run on the next action or scan)."""
    contract = act.order.contract
    payout = Payout(
        act=act,
        expert=contract.expert,
        contract=contract,
        tax_regime=contract.expert.tax_status,
        gross=act.amount,
        due_date=timezone.localdate() + timedelta(days=contract.payment_terms_days),
    )
    _apply_tax(payout, Decimal(0), SettingsBook())
    payout.save()
    return payout


def _salary_project_settings():
    """The demo company's salary-project contract with its bank (the salary registry format)."""
    PayoutSettings.objects.filter(salary_contract_number="").update(
        salary_contract_number="38-ЗП/2025",
        salary_contract_date=date(2025, 1, 15),
        salary_bank_branch="9038",
    )


@transaction.atomic
def seed(*, stdout=None):
    if Act.objects.filter(number__startswith=PREFIX).exists():
        if stdout:
            stdout.write("payments: demo payouts already present")
        return
    accountant = _user("accountant") or _user("finance")
    approver = _user("finance") or accountant
    owner = _user("manager") or _user("admin")
    experts = _demo_experts()
    if accountant is None or owner is None or len(experts) < 3:
        if stdout:
            stdout.write("payments: demo users or experts missing, skipped")
        return
    for e in experts:
        if not e.consents.filter(withdrawn_at__isnull=True).exists():
            Consent.objects.create(
                expert=e,
                text_version="demo",
                given_at=timezone.now() - timedelta(days=200),
                allows_named_disclosure=e.pk == experts[0].pk,
            )
    _ensure_bank_details(experts[UNVERIFIED])
    ExpertBankDetails.objects.filter(expert=experts[UNVERIFIED]).update(verified_at=None)
    payouts = {}
    for n, (idx, amount, state) in enumerate(PLAN, start=1):
        act = _act(n, experts[idx], Decimal(amount), owner)
        if state == "pending_checks":
            _pending(act)
            continue
        payouts[n] = (services.payout_create_from_act(act=act, actor=owner), state)
    to_pay = []
    for p, state in payouts.values():
        if state == "cancelled":
            services.payout_cancel(payout=p, actor=accountant, comment="Дублирующий акт")
        elif state in ("approved", "in_registry", "paid", "failed"):
            to_pay.append((services.payout_approve(payout=p, actor=approver), state))
    exported = [p for p, state in to_pay if state != "approved"]
    _salary_project_settings()
    registry = services.registry_export(
        payout_ids=[p.pk for p in exported],
        actor=accountant,
        bank_format=PaymentRegistry.BankFormat.PAYMENT_ORDERS,
    )
    outcome = {p.pk: state for p, state in to_pay}
    settled = [p for p in exported if outcome[p.pk] in ("paid", "failed")]
    _confirm(registry, settled, accountant, outcome)
    first = next(p for p, _s in payouts.values() if p.expert.user_id)
    services.support_message_post(
        payout=first, author=first.expert.user, text="Подскажите, когда поступит оплата?"
    )
    services.support_message_post(
        payout=first, author=accountant, text="Оплата отправлена в банк, ожидайте 1–2 дня."
    )
    if stdout:
        stdout.write(f"payments: {Payout.objects.count()} payouts, registry № {registry.number}")
