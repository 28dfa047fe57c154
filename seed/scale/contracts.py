"""Performance data for `manage.py seed_scale --factor N` (bulk_create, no PDFs rendered).

Per factor unit: 50 active contracts on existing experts, 3 orders each, an act for every other
order, and a contract document row per contract (status ready, without a stored file).
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from contracts.models import Act, Contract, ContractDocument, DocumentTemplate, ServiceOrder
from experts.models import Expert, ServiceType

PER_FACTOR = 50


def seed_scale(*, factor: int, stdout=None):
    owner = get_user_model().objects.filter(is_superuser=True).first()
    template = DocumentTemplate.objects.filter(kind="contract").order_by("-version").first()
    experts = list(
        Expert.objects.order_by("pk").values_list("pk", flat=True)[: PER_FACTOR * factor]
    )
    if owner is None or template is None or not experts:
        if stdout:
            stdout.write("contracts: nothing to scale (no experts, owner or template)\n")
        return
    today = timezone.localdate()
    start = Contract.objects.count()
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                number=f"SC-{start + i + 1:07d}",
                expert_id=pk,
                status=Contract.Status.ACTIVE,
                starts_on=today.replace(month=1, day=1),
                ends_on=today.replace(year=today.year + 1, month=12, day=31),
                tax_regime="individual",
                cap_amount=Decimal("900000.00"),
                services=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD],
                owner=owner,
                signed_at=timezone.now(),
            )
            for i, pk in enumerate(experts)
        ],
        batch_size=1000,
    )
    orders = ServiceOrder.objects.bulk_create(
        [
            ServiceOrder(
                number=f"SO-{c.number[3:]}-{k}",
                contract=c,
                status=ServiceOrder.Status.APPROVED,
                service_type=ServiceType.LECTURE,
                order_date=today - datetime.timedelta(days=k * 7),
                hours=Decimal("2.00"),
                rate=Decimal("15000.00"),
                amount=Decimal("30000.00"),
                created_by=owner,
            )
            for c in contracts
            for k in range(3)
        ],
        batch_size=1000,
    )
    Act.objects.bulk_create(
        [
            Act(
                number=f"SA-{o.number[3:]}",
                order=o,
                status=Act.Status.SIGNED_BY_COMPANY,
                act_date=o.order_date,
                actual_hours=o.hours,
                amount=o.amount,
                signed_at=timezone.now(),
            )
            for o in orders[::2]
        ],
        batch_size=1000,
    )
    ContractDocument.objects.bulk_create(
        [
            ContractDocument(
                kind="contract",
                contract=c,
                expert_id=c.expert_id,
                number=c.number,
                template=template,
                status=ContractDocument.Status.READY,
                created_by=owner,
            )
            for c in contracts
        ],
        batch_size=1000,
    )
    if stdout:
        stdout.write(f"contracts: {len(contracts)} contracts, {len(orders)} orders\n")
