"""Demo plans, KPI targets, target specialties and sales for `manage.py seed_demo` (idempotent)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from analytics.models import KpiTarget, Plan, SalesRecord, TargetSpecialty
from analytics.roi import add_months
from analytics.services import facts_refresh
from events.models import EventType
from kolplatform.core.models import Product, Region, User

SPECIALTIES = ["Кардиология", "Неврология", "Эндокринология", "Терапия"]


def _plans(year, products, regions, event_types, managers):
    created = 0
    for i, product in enumerate(products):
        for j, region in enumerate(regions):
            manager = managers[(i + j) % len(managers)]
            event_type = event_types[(i + j) % len(event_types)] if event_types else None
            key = {"year": year, "product": product, "region": region, "manager": manager,
                       "event_type": event_type}  # fmt: skip
            if manager.username == "field":
                for quarter in range(1, 5):
                    _, new = Plan.objects.get_or_create(
                        **key, quarter=quarter,
                        defaults={"events": 2 + quarter % 2, "participants": 60, "experts": 2,
                                  "budget": Decimal("400000.00")},
                    )  # fmt: skip
                    created += new
            else:
                _, new = Plan.objects.get_or_create(
                    **key, quarter=None,
                    defaults={"events": 10 + 2 * i, "participants": 300 + 20 * j, "experts": 8,
                              "budget": Decimal("1500000.00")},
                )  # fmt: skip
                created += new
    return created


def _sales(products, regions):
    today = timezone.localdate()
    first = add_months(date(today.year, today.month, 1), -18)
    created = 0
    for i, product in enumerate(products):
        for j, region in enumerate(regions):
            for k in range(21):
                month = add_months(first, k)
                amount = Decimal(500000 + 40000 * i + 25000 * j + 9000 * k + (k % 3) * 15000)
                _, new = SalesRecord.objects.get_or_create(
                    month=month, region=region, product=product,
                    defaults={"amount": amount, "units": int(amount / 1000)},
                )  # fmt: skip
                created += new
    return created


def seed(*, stdout):
    products = list(Product.objects.order_by("pk")[:4])
    regions = list(Region.objects.order_by("pk")[:4])
    managers = list(User.objects.filter(username__in=["manager", "field"]).order_by("username"))
    if not (products and regions and managers):
        stdout.write("analytics: no products, regions or managers yet; nothing to seed")
        return
    event_types = list(EventType.objects.order_by("pk")[:3])
    year = timezone.localdate().year
    plans = _plans(year, products, regions, event_types, managers)
    for manager in managers:
        KpiTarget.objects.get_or_create(
            manager=manager, year=year,
            defaults={"events_held": 24, "participants": 700,
                      "cost_per_participant": Decimal("15000.00"),
                      "feedback_score": Decimal("4.30")},
        )  # fmt: skip
    for i, product in enumerate(products):
        TargetSpecialty.objects.get_or_create(product=product, specialty=SPECIALTIES[i % 4])
    sales = _sales(products, regions)
    run = facts_refresh()
    stdout.write(f"analytics: {plans} plan rows, {sales} sales records, {run.rows} event facts")
