"""Analytics data for performance runs: plans, KPI targets and sales for the existing products,
regions and managers, then a facts refresh. Events, budgets and payouts come from their apps."""

from decimal import Decimal

from django.utils import timezone

from analytics.models import KpiTarget, Plan, SalesRecord
from analytics.roi import add_months
from analytics.services import facts_refresh
from kolplatform.core.models import Product, Region, User
from kolplatform.core.roles import Role


def seed_scale(*, factor, stdout):
    year = timezone.localdate().year
    products = list(Product.objects.order_by("pk")[: 4 * factor])
    regions = list(Region.objects.order_by("pk"))
    managers = list(User.objects.filter(groups__name=Role.MARKETING_MANAGER).order_by("pk"))
    if not (products and regions and managers):
        stdout.write("analytics: nothing to plan for")
        return
    Plan.objects.filter(year=year).delete()
    Plan.objects.bulk_create(
        Plan(year=year, product=products[i % len(products)], region=regions[i % len(regions)],
             manager=managers[i % len(managers)], events=20, participants=600, experts=10,
             budget=Decimal("2000000.00"))
        for i in range(20 * factor)
    )  # fmt: skip
    KpiTarget.objects.filter(year=year).delete()
    KpiTarget.objects.bulk_create(
        KpiTarget(manager=m, year=year, events_held=20 * factor, participants=600 * factor,
                  cost_per_participant=Decimal("20000.00"), feedback_score=Decimal("4.20"))
        for m in managers
    )  # fmt: skip
    first = add_months(timezone.localdate().replace(day=1), -24)
    SalesRecord.objects.filter(month__gte=first).delete()
    SalesRecord.objects.bulk_create(
        SalesRecord(month=add_months(first, k), region=r, product=p,
                    amount=Decimal(100000 + 1000 * k), units=100 + k)
        for p in products for r in regions for k in range(24)
    )  # fmt: skip
    run = facts_refresh()
    stdout.write(f"analytics: plans, targets, sales; {run.rows} event facts")
