"""Performance data: 5,000 payouts per unit of factor (factor 100 -> 500,000), with their acts.

Each payout gets its own contract line: a service order and an act signed by both sides, an active
contract with bank details per expert, and a consent, so the checks and the registry export work
on it exactly as on real data. Bulk inserts only.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contracts.models import Act, Contract, ServiceOrder
from experts.models import Consent, Expert, ExpertBankDetails, ServiceType, TaxStatus, Tier
from payments import tax
from payments.models import Payout
from payments.tax_settings import tax_params_on

PAYOUTS_PER_FACTOR = 5000
EXPERTS_PER_FACTOR = 1650
BATCH = 5000
BANK = {
    "account": "40817810099910004312",
    "bik": "044525225",
    "bank_name": "ПАО Сбербанк",
    "corr_account": "30101810400000000225",
    "inn": "772012345678",
    "verified": True,
}
STATUS_MIX = [
    (Payout.Status.PAID, 70),
    (Payout.Status.READY, 8),
    (Payout.Status.APPROVED, 6),
    (Payout.Status.IN_REGISTRY, 6),
    (Payout.Status.BLOCKED, 5),
    (Payout.Status.CANCELLED, 3),
    (Payout.Status.FAILED, 2),
]


def _experts(count: int, prefix: str) -> list[Expert]:
    """`count` scale experts with consent and verified bank details, created once."""
    existing = list(Expert.objects.filter(crm_id__startswith=prefix).order_by("pk")[:count])
    missing = count - len(existing)
    if missing > 0:
        start = len(existing)
        new = [
            Expert(
                last_name=f"Эксперт{start + i}",
                first_name="Нагрузочный",
                search_name=f"эксперт{start + i} нагрузочный",
                crm_id=f"{prefix}{start + i:07d}",
                tier=random.choice([Tier.NATIONAL, Tier.REGIONAL, Tier.INTERNATIONAL]),
                tax_status=TaxStatus.INDIVIDUAL,
            )
            for i in range(missing)
        ]
        Expert.objects.bulk_create(new, batch_size=BATCH)
        existing = list(Expert.objects.filter(crm_id__startswith=prefix).order_by("pk")[:count])
        given = timezone.now() - timedelta(days=400)
        Consent.objects.bulk_create(
            [Consent(expert=e, text_version="scale", given_at=given) for e in existing[start:]],
            batch_size=BATCH,
        )
    _bank_details(existing)
    return existing


def _bank_details(experts: list[Expert]) -> None:
    """Complete, verified (encrypted) bank details for the experts that have none yet."""
    have = set(
        ExpertBankDetails.objects.filter(expert__in=experts).values_list("expert_id", flat=True)
    )
    fields = {k: v for k, v in BANK.items() if k != "verified"}
    verified = timezone.now() - timedelta(days=400)
    ExpertBankDetails.objects.bulk_create(
        [
            ExpertBankDetails(expert=e, recipient_name=e.full_name, verified_at=verified, **fields)
            for e in experts
            if e.pk not in have
        ],
        batch_size=BATCH,
    )


def seed_scale(*, factor: float, stdout=None, statuses=None, prefix: str = "PAYSCALE-") -> int:
    """Create int(5,000 x factor) payouts; `statuses` overrides the realistic status mix."""
    total = int(PAYOUTS_PER_FACTOR * factor)
    experts = _experts(max(1, int(EXPERTS_PER_FACTOR * factor)), prefix)
    owner = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create(username=f"{prefix.lower()}owner")
    run = f"{prefix}{timezone.now():%H%M%S%f}-"
    params = tax_params_on(date(2026, 6, 1))
    mix = statuses or [s for s, weight in STATUS_MIX for _ in range(weight)]
    with transaction.atomic():
        contracts = Contract.objects.bulk_create(
            [
                Contract(
                    number=f"{run}К{i}",
                    expert=e,
                    status=Contract.Status.ACTIVE,
                    starts_on=date(2026, 1, 1),
                    ends_on=date(2027, 12, 31),
                    tax_regime=TaxStatus.INDIVIDUAL,
                    cap_amount=Decimal("100000000"),
                    bank_details_snapshot=BANK,
                    owner=owner,
                )
                for i, e in enumerate(experts)
            ],
            batch_size=BATCH,
        )
        created = 0
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            created += _batch(
                start, size, contracts=contracts, owner=owner, run=run, params=params, mix=mix
            )
    if stdout:
        stdout.write(f"payments: {created} payouts")
    return created


def _batch(start, size, *, contracts, owner, run, params, mix) -> int:
    orders, acts, payouts = [], [], []
    signed = timezone.now() - timedelta(days=30)
    for i in range(start, start + size):
        contract = contracts[i % len(contracts)]
        amount = Decimal(random.choice([20000, 40000, 60000, 90000]))
        orders.append(
            ServiceOrder(
                number=f"{run}З{i}",
                contract=contract,
                status=ServiceOrder.Status.SIGNED,
                service_type=random.choice(ServiceType.values),
                order_date=date(2026, 3, 1),
                hours=Decimal(2),
                rate=amount / 2,
                amount=amount,
                created_by=owner,
            )
        )
    ServiceOrder.objects.bulk_create(orders, batch_size=BATCH)
    for i, order in enumerate(orders, start=start):
        acts.append(
            Act(
                number=f"{run}А{i}",
                order=order,
                status=Act.Status.SIGNED_BY_COMPANY,
                act_date=date(2026, 3, 10),
                actual_hours=order.hours,
                amount=order.amount,
                signed_at=signed,
            )
        )
    Act.objects.bulk_create(acts, batch_size=BATCH)
    for act, order in zip(acts, orders, strict=True):
        result = tax.compute_payout_tax(
            regime=TaxStatus.INDIVIDUAL, gross=act.amount, ytd_income=Decimal(0), params=params
        )
        status = random.choice(mix)
        payouts.append(
            Payout(
                act=act,
                expert_id=order.contract.expert_id,
                contract=order.contract,
                status=status,
                tax_regime=TaxStatus.INDIVIDUAL,
                gross=act.amount,
                withholding=result.withholding,
                employer_contributions=result.employer_contributions,
                net=result.net,
                calculation=result.calculation,
                due_date=date(2026, 4, 1) + timedelta(days=random.randint(0, 200)),
                paid_at=date(2026, 4, 5) if status == Payout.Status.PAID else None,
                payment_order_number="1" if status == Payout.Status.PAID else "",
                blocked_reason="Scale data" if status == Payout.Status.BLOCKED else "",
            )
        )
    Payout.objects.bulk_create(payouts, batch_size=BATCH)
    return len(payouts)
