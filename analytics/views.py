"""Analytics pages: thin views over analytics.selectors and analytics.reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics import reports, roi, selectors
from analytics.forms import FilterForm
from analytics.metrics import HELD_OR_LATER, METRICS, money
from analytics.services import facts_refresh
from analytics.tables import Column, Table, export_response
from experts.models import Expert
from kolplatform.core.models import User
from kolplatform.core.redirects import safe_next_url
from kolplatform.core.replica import read_from_replica
from payments.models import Payout

PAGE = 50


def require_perm(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def sees_kol_fees(user) -> bool:
    """What one KOL earned is shown only to those payments.rules.can_view_kol_fees allows."""
    return user.has_perm("payments.view_kol_fees")


def export_if_asked(request, tables: dict):
    """?export=csv|xlsx&table=<name>: the named table as a download, or None."""
    fmt = request.GET.get("export")
    if fmt not in ("csv", "xlsx"):
        return None
    table = tables.get(request.GET.get("table", ""))
    if table is None and len(tables) == 1:  # a page with one table exports it by any name
        table = next(iter(tables.values()))
    if table is None:
        raise Http404
    table = table() if callable(table) else table
    return export_response(table, fmt)


def filters_from(request):
    form = FilterForm(request.GET or None)
    return form, form.filters()


def paginate(request, qs, *, count: int | None = None):
    """A page of `qs`; `count` when the number of rows is already known (no COUNT query)."""
    paginator = Paginator(qs, PAGE)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))


@login_required
@read_from_replica
def dashboard(request):
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    grid = selectors.facts_grid(filters)
    top_products, products_count = selectors.top_product_costs(filters, reports.TOP_PRODUCTS)
    tables = {
        "months": reports.months_table(filters, grid),
        "products": reports.products_table(filters, top_products),
        "regions": reports.regions_table(filters, grid),
    }
    all_products = {**tables, "products": lambda: reports.products_table(filters)}
    if response := export_if_asked(request, all_products):
        return response
    cards = selectors.kpi_cards(filters, grid)
    fees = sees_kol_fees(request.user)
    if filters.expert and not fees:  # the payouts of one KOL's events
        cards = [card for card in cards if card["key"] != "fees_paid"]
    for card in cards:
        linked = card["metric"] and (fees or card["metric"] != "fees_paid")
        card["url"] = reports.drill_url(filters, card["metric"]) if linked else None
    months, products = tables["months"], tables["products"]
    chart = {
        "months": [r["month"] for r in months.rows],
        "plan": [float(r["plan_events"] or 0) for r in months.rows],
        "fact": [r["held"] for r in months.rows],
        "products": [str(r["name"]) for r in products.rows],
        "cost": [float(r["cost"]) for r in products.rows],
    }
    manager = User.objects.filter(pk=filters.manager).first() if filters.manager else None
    kpi = None
    if manager and request.user.has_perm("analytics.view_kpi", manager):
        kpi = selectors.kpi_for_manager(manager=manager, year=filters.year)
    return render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "cards": cards,
            "tables": tables,
            "chart": chart,
            "kpi": kpi,
            "kpi_manager": manager,
            "field": selectors.field_summary(filters),
            "products_count": products_count,
            "products_shown": len(tables["products"].rows),
            "data_as_of": selectors.data_as_of(),
            "querystring": filters.querystring(),
        },
    )


@login_required
@read_from_replica
def drill_events(request):
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    metric_key = request.GET.get("metric", "planned")
    if metric_key not in METRICS:
        raise Http404
    share_of = request.GET.get("share_of")
    share_of = int(share_of) if share_of and share_of.isdigit() else None
    qs = selectors.drill_events(filters, metric_key, product_share_of=share_of)
    metric = METRICS[metric_key]
    summing = bool(metric.column or share_of)
    if response := export_if_asked(
        request, {"events": lambda: reports.events_table(metric_key, qs, share_of)}
    ):
        return response
    total = qs.aggregate(total=Sum("value"))["total"] if summing else qs.count()
    page = paginate(request, qs)
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": metric.label,
            "table": reports.events_table(metric_key, page.object_list, share_of),
            "page": page,
            "total": total if not metric.money else money(total),
            "total_money": metric.money,
            "count": page.paginator.count,
            "querystring": filters.querystring(metric=metric_key, share_of=share_of),
            "extra_hidden": {"metric": metric_key, **({"share_of": share_of} if share_of else {})},
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


@login_required
@read_from_replica
def products(request):
    """Cost by product for the filters, every product (costliest first), a page at a time."""
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    if response := export_if_asked(request, {"products": lambda: reports.products_table(filters)}):
        return response
    rows = selectors.product_costs(filters)
    page = paginate(request, rows)
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": _("Marketing cost by product"),
            "table": reports.products_table(filters, list(page.object_list)),
            "page": page,
            "total": money(sum(r["cost"] for r in rows)),
            "total_money": True,
            "count": page.paginator.count,
            "querystring": filters.querystring(),
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


@login_required
@read_from_replica
def drill_payouts(request):
    require_perm(request.user, "analytics.view_dashboard")
    require_perm(request.user, "payments.view_kol_fees")
    form, filters = filters_from(request)
    qs = selectors.drill_payouts(filters)
    if response := export_if_asked(request, {"payouts": lambda: reports.payouts_table(qs)}):
        return response
    page = paginate(request, qs)
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": METRICS["fees_paid"].label,
            "table": reports.payouts_table(page.object_list),
            "page": page,
            "total": money(qs.aggregate(total=Sum("gross"))["total"]),
            "total_money": True,
            "count": page.paginator.count,
            "querystring": filters.querystring(),
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


@login_required
@read_from_replica
def drill_experts(request):
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    qs = selectors.experts_engaged(filters).select_related("region").order_by("last_name", "pk")
    if response := export_if_asked(request, {"experts": lambda: reports.experts_table(qs)}):
        return response
    page = paginate(request, qs)
    table = reports.experts_table(page.object_list)
    for i, expert in enumerate(page.object_list):
        table.links[(i, "expert")] = reverse("analytics:kol", args=[expert.pk])
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": _("Experts engaged"),
            "table": table,
            "page": page,
            "total": page.paginator.count,
            "count": page.paginator.count,
            "querystring": filters.querystring(),
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


def _kol_tables(expert) -> dict:
    """The KOL page's tables of engagements and of ratings by month."""
    engagements = selectors.kol_engagements(expert)
    ratings = selectors.kol_ratings_by_month(expert)
    return {
        "engagements": Table(
            "kol-engagements",
            _("Engagements"),
            [
                Column("date", _("Date"), "date"),
                Column("event", _("Event")),
                Column("type", _("Type")),
                Column("topic", _("Topic")),
            ],
            [
                {
                    "date": timezone.localtime(p.event.starts_at).date(),
                    "event": p.event.title,
                    "type": p.event.event_type.name,
                    "topic": p.topic,
                }
                for p in engagements
            ],
        ),
        "ratings": Table(
            "kol-ratings",
            _("Ratings over time"),
            [
                Column("month", _("Month")),
                Column("score", _("Average rating (1-5)"), "decimal"),
                Column("answers", _("Answers"), "int"),
            ],
            [{**r, "month": f"{r['month']:%Y-%m}"} for r in ratings],
        ),
    }


@login_required
@read_from_replica
def kol(request, pk):
    require_perm(request.user, "analytics.view_dashboard")
    expert = get_object_or_404(Expert, pk=pk)
    tables = _kol_tables(expert)
    payouts = selectors.kol_payouts(expert)
    fees = None
    if sees_kol_fees(request.user):
        tables["payouts"] = reports.payouts_table(payouts)
        fees = payouts.aggregate(
            total=Sum("gross", filter=~Q(status=Payout.Status.CANCELLED)),
            paid=Sum("gross", filter=Q(status=Payout.Status.PAID)),
        )
    if response := export_if_asked(request, tables):
        return response
    chart = {
        "months": [r["month"] for r in tables["ratings"].rows],
        "scores": [float(r["score"]) for r in tables["ratings"].rows],
    }
    return render(
        request,
        "analytics/kol.html",
        {
            "expert": expert,
            "tables": tables,
            "engagements": len(tables["engagements"].rows),
            "fees_total": fees and money(fees["total"]),
            "fees_paid": fees and money(fees["paid"]),
            "chart": chart,
            "dashboard_url": reverse("analytics:dashboard") + f"?expert={expert.pk}",
        },
    )


@login_required
@read_from_replica
def roi_view(request):
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    facts = (
        selectors.facts_filtered(filters)
        .filter(status__in=HELD_OR_LATER)
        .select_related("event")
        .order_by("starts_at", "event_id")
    )

    def full_table():
        rows = list(facts)
        return reports.roi_table(rows, roi.event_uplifts(rows))

    if response := export_if_asked(request, {"events": full_table}):
        return response
    campaign = roi.campaign_roi(filters)
    page = paginate(request, facts, count=campaign["held"])
    rows = list(page.object_list)
    return render(
        request,
        "analytics/roi.html",
        {
            "form": form,
            "campaign": campaign,
            "table": reports.roi_table(rows, roi.event_uplifts(rows)),
            "page": page,
            "specialties": roi.participants_by_specialty(filters),
            "method": roi.event_method(),
            "querystring": filters.querystring(),
        },
    )


@login_required
@read_from_replica
def kpi(request):
    require_perm(request.user, "analytics.view_dashboard")
    manager = request.user
    if request.GET.get("manager", "").isdigit():
        manager = get_object_or_404(User, pk=request.GET["manager"])
    require_perm(request.user, "analytics.view_kpi", manager)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = year or timezone.localdate().year
    return render(
        request,
        "analytics/kpi.html",
        {
            "manager": manager,
            "year": year,
            "kpi": selectors.kpi_for_manager(manager=manager, year=year),
            "dashboard_url": reverse("analytics:dashboard") + f"?year={year}&manager={manager.pk}",
            "can_edit": request.user.has_perm("analytics.manage_plans"),
        },
    )


@login_required
@require_POST
def refresh(request):
    require_perm(request.user, "analytics.manage_plans")
    run = facts_refresh()
    messages.success(request, _("Data refreshed: %s events.") % run.rows)
    return redirect(safe_next_url(request, request.POST.get("next"), "analytics:dashboard"))
