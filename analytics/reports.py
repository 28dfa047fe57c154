"""The tables of the analytics pages, built from the selectors; each is shown and exported from
one definition, and each figure links to the drill-down list behind it."""

from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics import selectors
from analytics.filters import Filters
from analytics.metrics import METRICS, percent_done, ratio
from analytics.tables import Column, Table
from kolplatform.core.models import Region
from payments.models import Payout


@cache
def _drill_path_under(name: str, script_prefix: str) -> str:
    return reverse(f"analytics:{name}")


def _drill_path(name: str) -> str:
    return _drill_path_under(name, get_script_prefix())


def drill_url(filters: Filters, metric: str, **extra) -> str:
    """The drill-down list behind a figure (hundreds per dashboard: the paths are resolved once)."""
    if metric == "experts":
        return _drill_path("drill_experts") + "?" + filters.querystring(**extra)
    if metric == "fees_paid":
        return _drill_path("drill_payouts") + "?" + filters.querystring(**extra)
    return _drill_path("drill_events") + "?" + filters.querystring(metric=metric, **extra)


def months_table(filters: Filters, grid=None) -> Table:
    fact = selectors.facts_by_month(filters, grid)
    plan = selectors.plan_by(filters, "month")
    table = Table(
        "plan-vs-fact-by-month",
        _("Plan vs fact by month"),
        [
            Column("month", _("Month")),
            Column("plan_events", _("Events (plan)"), "plan"),
            Column("held", _("Events held"), "int"),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column("percent", _("% done"), "percent"),
            Column("participants", _("Participants"), "int"),
            Column("plan_budget", _("Budget (plan)"), "money"),
            Column("total_cost", _("Total cost"), "money"),
        ],
        [],
    )
    for i, month in enumerate(filters.months()):
        f = fact.get(month, {})
        p = plan.get(month)
        row = {
            "month": f"{filters.year}-{month:02d}",
            "plan_events": p["events"] if p else None,
            "held": f.get("held", 0),
            "participants": f.get("participants", 0),
            "plan_budget": p["budget"] if p else None,
            "total_cost": f.get("total_cost", 0),
        }
        row["percent"] = percent_done(row["held"], row["plan_events"])
        table.rows.append(row)
        month_filters = filters.replace(month=month, quarter=None)
        for key in ("held", "participants", "total_cost"):
            table.links[(i, key)] = drill_url(month_filters, key)
    return table


TOP_PRODUCTS = 10


def products_table(filters: Filters, rows: list[dict] | None = None) -> Table:
    """Cost by product: every product by name, or the given rows of `selectors.product_costs`
    in their order (the dashboard's costliest, a page of the full list)."""
    rows = selectors.cost_by_product(filters) if rows is None else selectors.named(rows)
    table = Table(
        "cost-by-product",
        _("Marketing cost by product"),
        [
            Column("name", _("Product")),
            Column("events", _("Events"), "int"),
            Column("cost", _("Total cost (equal split of multi-product events)"), "money"),
        ],
        [{**r, "name": r["name"] or _("No product")} for r in rows],
    )
    for i, r in enumerate(rows):
        if r["product_id"]:
            table.links[(i, "cost")] = drill_url(filters, "total_cost", share_of=r["product_id"])
    return table


def regions_table(filters: Filters, grid=None) -> Table:
    fact = selectors.facts_by(filters, "region_id", grid)
    plan = selectors.plan_by(filters, "region_id")
    names = dict(
        Region.objects.filter(pk__in=[k for k in {*fact, *plan} if k]).values_list("pk", "name")
    )
    keys = sorted({*fact, *plan}, key=lambda k: (k is None, names.get(k, "")))
    top = max((fact.get(k, {}).get("held", 0) for k in keys), default=0) or 1
    table = Table(
        "by-region",
        _("By region"),
        [
            Column("region", _("Region")),
            Column("plan_events", _("Events (plan)"), "plan"),
            Column("held", _("Events held"), "int"),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column("percent", _("% done"), "percent"),
            Column("participants", _("Participants"), "int"),
            Column("total_cost", _("Total cost"), "money"),
            Column("cost_per_participant", _("Cost per participant"), "money"),
        ],
        [],
    )
    for i, key in enumerate(keys):
        f, p = fact.get(key, {}), plan.get(key)
        row = {
            "region": names.get(key) or _("No region"),
            "plan_events": p["events"] if p else None,
            "held": f.get("held", 0),
            "participants": f.get("participants", 0),
            "total_cost": f.get("total_cost", 0),
            "cost_per_participant": f.get("cost_per_participant"),
            "heat": round(100 * f.get("held", 0) / top),
        }
        row["percent"] = percent_done(row["held"], row["plan_events"])
        table.rows.append(row)
        if key:
            for metric in ("held", "participants", "total_cost"):
                table.links[(i, metric)] = drill_url(filters.replace(region=key), metric)
    return table


def events_table(metric_key: str, rows, share_of=None) -> Table:
    metric = METRICS[metric_key]
    value_label = _("Share of the product") if share_of else metric.label
    columns = [
        Column("starts_at", _("Date"), "date"),
        Column("title", _("Event")),
        Column("event_type", _("Type")),
        Column("region", _("Region")),
        Column("owner", _("Manager")),
        Column("status", _("Status")),
    ]
    if metric.column or share_of:
        columns.append(Column("value", value_label, "money" if metric.money else "int"))
    table = Table(f"drill-{metric_key}", metric.label, columns, [])
    for fact in rows:
        event = fact.event
        value = getattr(fact, "value", 1)
        table.rows.append({
            "starts_at": fact.starts_at.date(),
            "title": event.title,
            "event_type": event.event_type.name,
            "region": event.region.name if event.region else "",
            "owner": str(event.owner),
            "status": event.get_status_display(),
            "value": value,
        })  # fmt: skip
    return table


def payouts_table(rows) -> Table:
    table = Table(
        "drill-payouts",
        _("Payouts made"),
        [
            Column("paid_at", _("Paid on"), "date"),
            Column("expert", _("Expert")),
            Column("event", _("Event")),
            Column("status", _("Status")),
            Column("gross", _("Gross fee"), "money"),
            Column("net", _("Net to the expert"), "money"),
        ],
        [
            {
                "paid_at": p.paid_at,
                "expert": p.expert.full_name,
                "event": p.event.event.title if p.event else "",
                "status": Payout.Status(p.status).label,
                "gross": p.gross,
                "net": p.net,
            }
            for p in rows
        ],
    )
    return table


def experts_table(rows) -> Table:
    return Table(
        "drill-experts",
        _("Experts engaged"),
        [Column("expert", _("Expert")), Column("tier", _("Tier")), Column("region", _("Region"))],
        [
            {
                "expert": e.full_name,
                "tier": e.get_tier_display(),
                "region": e.region.name if e.region else "",
            }
            for e in rows
        ],
    )


def roi_table(facts, uplifts) -> Table:
    table = Table(
        "roi-by-event",
        _("ROI by event"),
        [
            Column("date", _("Date"), "date"),
            Column("event", _("Event")),
            Column("cost", _("Total cost"), "money"),
            Column("participants", _("Participants"), "int"),
            Column("target", _("Target-segment participants"), "int"),
            Column("cpp", _("Cost per participant"), "money"),
            Column("cptp", _("Cost per target participant"), "money"),
            Column("score", _("Feedback score"), "decimal"),
            Column("before", _("Sales before"), "money"),
            Column("after", _("Sales after"), "money"),
            Column("uplift", _("Sales uplift, %"), "percent"),
        ],
        [],
    )
    for f in facts:
        u = uplifts.get(f.pk, {})
        table.rows.append({
            "date": timezone.localtime(f.starts_at).date(),
            "event": f.event.title,
            "cost": f.total_cost,
            "participants": f.participants,
            "target": f.target_participants,
            "cpp": ratio(f.total_cost, f.participants),
            "cptp": ratio(f.total_cost, f.target_participants),
            "score": ratio(f.rating_sum, f.rating_count),
            "before": u.get("before"),
            "after": u.get("after"),
            "uplift": u.get("uplift"),
        })  # fmt: skip
    return table


def plans_table(plans) -> Table:
    return Table(
        "plans",
        _("Plans"),
        [
            Column("period", _("Period")),
            Column("product", _("Product")),
            Column("region", _("Region")),
            Column("manager", _("Manager")),
            Column("event_type", _("Event type")),
            Column("events", _("Events"), "int"),
            Column("participants", _("Participants"), "int"),
            Column("experts", _("Experts"), "int"),
            Column("budget", _("Budget"), "money"),
        ],
        [
            {
                "pk": p.pk,
                "period": f"{p.year} Q{p.quarter}" if p.quarter else str(p.year),
                "product": str(p.product or "—"),
                "region": str(p.region or "—"),
                "manager": str(p.manager or "—"),
                "event_type": str(p.event_type or "—"),
                "events": p.events,
                "participants": p.participants,
                "experts": p.experts,
                "budget": p.budget,
            }
            for p in plans
        ],
    )
