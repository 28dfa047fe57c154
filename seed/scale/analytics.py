"""Analytics data for performance runs: plans by product, region and manager, KPI targets for the
marketing managers, 24 months of sales per product and region, then a facts refresh (set-based:
the event facts and every summary table read by the analytics pages, the field work cells from
the visits and targets of the field module included). Events, budgets, payouts and field work
come from their apps."""

from django.utils import timezone

from analytics.models import KpiTarget, Plan, SalesRecord
from analytics.roi import add_months
from analytics.services import facts_refresh
from kolplatform.core.models import Product, Region
from kolplatform.core.roles import Role
from seed.scale.sql import Run, constants, ids_of_role, insert_select, table

PLANS_PER_FACTOR = 20
SALES_MONTHS = 24


def seed_plans(run: Run) -> None:
    year = timezone.localdate().year
    products = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    managers = ids_of_role(Role.MARKETING_MANAGER)
    Plan.objects.filter(year=year).delete()
    source, params = constants(p=products, r=regions, m=managers)
    made = insert_select(
        Plan,
        {
            "year": str(year),
            "product": "k.p[1 + mod(g, array_length(k.p, 1))]",
            "region": "k.r[1 + mod(g, array_length(k.r, 1))]",
            "manager": "k.m[1 + mod(g, array_length(k.m, 1))]",
            "events": "20",
            "participants": "600",
            "experts": "10",
            "budget": "2000000",
        },
        "generate_series(0, %s) g CROSS JOIN " + source,
        [PLANS_PER_FACTOR * run.factor - 1, *params],
    )
    KpiTarget.objects.filter(year=year).delete()
    made += insert_select(
        KpiTarget,
        {
            "manager": "m",
            "year": str(year),
            "events_held": "20",
            "participants": "600",
            "cost_per_participant": "20000",
            "feedback_score": "4.20",
        },
        "unnest(%s::bigint[]) m",
        [managers],
    )
    run.done("plans, KPI targets", made)


def seed_sales(run: Run) -> None:
    first = add_months(timezone.localdate().replace(day=1), -SALES_MONTHS)
    SalesRecord.objects.filter(month__gte=first).delete()
    made = insert_select(
        SalesRecord,
        {
            "month": "(%s::date + make_interval(months => k))::date".replace("%s", f"'{first}'"),
            "region": "r.id",
            "product": "p.id",
            "amount": f"100000 + 1000 * k + {run.pick('p.id * 100 + r.id * 30 + k', 81, 50000)}",
            "units": "100 + k",
        },
        f"{table(Product)} p CROSS JOIN {table(Region)} r "
        f"CROSS JOIN generate_series(0, {SALES_MONTHS - 1}) k",
        [],
    )
    run.done("sales", made)


def seed_facts(run: Run) -> None:
    refresh = facts_refresh()
    run.done(
        "facts refresh (event facts, monthly, product, specialty and field cells)", refresh.rows
    )


def seed_scale(*, run: Run) -> None:
    run.begin("analytics", 3)
    seed_plans(run)
    seed_sales(run)
    seed_facts(run)
