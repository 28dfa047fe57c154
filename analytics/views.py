"""Analytics pages: thin views over analytics.selectors and analytics.reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics import reports, roi, selectors
from analytics.forms import FilterForm, KpiTargetForm, PlanForm, XlsxUploadForm
from analytics.imports import plans_import, sales_import
from analytics.metrics import HELD_OR_LATER, METRICS, ratio
from analytics.models import KpiTarget, Plan, SalesRecord
from analytics.services import facts_refresh
from analytics.tables import Column, Table, export_response
from experts.models import Expert
from kolplatform.core.models import User

PAGE = 50


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _export(request, tables: dict):
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


def _filters(request):
    form = FilterForm(request.GET or None)
    return form, form.filters()


def _page(request, qs):
    return Paginator(qs, PAGE).get_page(request.GET.get("page"))


@login_required
def dashboard(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    tables = {
        "months": reports.months_table(filters),
        "products": reports.products_table(filters),
        "regions": reports.regions_table(filters),
    }
    if response := _export(request, tables):
        return response
    cards = selectors.kpi_cards(filters)
    for card in cards:
        card["url"] = reports.drill_url(filters, card["metric"]) if card["metric"] else None
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
            "data_as_of": selectors.data_as_of(),
            "querystring": filters.querystring(),
        },
    )


@login_required
def drill_events(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    metric_key = request.GET.get("metric", "planned")
    if metric_key not in METRICS:
        raise Http404
    share_of = request.GET.get("share_of")
    share_of = int(share_of) if share_of and share_of.isdigit() else None
    qs = selectors.drill_events(filters, metric_key, product_share_of=share_of)
    metric = METRICS[metric_key]
    summing = bool(metric.column or share_of)
    if response := _export(
        request, {"events": lambda: reports.events_table(metric_key, qs, share_of)}
    ):
        return response
    total = qs.aggregate(total=Sum("value"))["total"] if summing else qs.count()
    page = _page(request, qs)
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": metric.label,
            "table": reports.events_table(metric_key, page.object_list, share_of),
            "page": page,
            "total": total if not metric.money else selectors.money(total),
            "total_money": metric.money,
            "count": page.paginator.count,
            "querystring": filters.querystring(metric=metric_key, share_of=share_of),
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


@login_required
def drill_payouts(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    qs = selectors.drill_payouts(filters)
    if response := _export(request, {"payouts": lambda: reports.payouts_table(qs)}):
        return response
    page = _page(request, qs)
    return render(
        request,
        "analytics/drill.html",
        {
            "form": form,
            "title": METRICS["fees_paid"].label,
            "table": reports.payouts_table(page.object_list),
            "page": page,
            "total": selectors.money(qs.aggregate(total=Sum("gross"))["total"]),
            "total_money": True,
            "count": page.paginator.count,
            "querystring": filters.querystring(),
            "back": reverse("analytics:dashboard") + "?" + filters.querystring(),
        },
    )


def _experts_table(rows) -> Table:
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


@login_required
def drill_experts(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    qs = selectors.experts_engaged(filters).select_related("region").order_by("last_name", "pk")
    if response := _export(request, {"experts": lambda: _experts_table(qs)}):
        return response
    page = _page(request, qs)
    table = _experts_table(page.object_list)
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


@login_required
def kol(request, pk):
    _require(request.user, "analytics.view_dashboard")
    expert = get_object_or_404(Expert, pk=pk)
    engagements = selectors.kol_engagements(expert)
    payouts = selectors.kol_payouts(expert)
    ratings = selectors.kol_ratings_by_month(expert)
    tables = {
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
        "payouts": reports.payouts_table(payouts),
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
    if response := _export(request, tables):
        return response
    fees = payouts.aggregate(
        total=Sum("gross", filter=~Q(status="cancelled")),
        paid=Sum("gross", filter=Q(status="paid")),
    )
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
            "fees_total": selectors.money(fees["total"]),
            "fees_paid": selectors.money(fees["paid"]),
            "chart": chart,
            "dashboard_url": reverse("analytics:dashboard") + f"?expert={expert.pk}",
        },
    )


def _roi_table(facts, uplifts) -> Table:
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


@login_required
def roi_view(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    facts = (
        selectors.facts_filtered(filters)
        .filter(status__in=HELD_OR_LATER)
        .select_related("event")
        .order_by("starts_at", "event_id")
    )

    def full_table():
        rows = list(facts)
        return _roi_table(rows, roi.event_uplifts(rows))

    if response := _export(request, {"events": full_table}):
        return response
    held_summary = selectors.summarize(facts)
    page = _page(request, facts)
    rows = list(page.object_list)
    specialties = roi.participants_by_specialty(facts)
    return render(
        request,
        "analytics/roi.html",
        {
            "form": form,
            "campaign": roi.campaign_roi(filters, held_summary, facts),
            "table": _roi_table(rows, roi.event_uplifts(rows)),
            "page": page,
            "specialties": specialties,
            "method": roi.METHOD,
            "querystring": filters.querystring(),
        },
    )


@login_required
def kpi(request):
    _require(request.user, "analytics.view_dashboard")
    manager = request.user
    if request.GET.get("manager", "").isdigit():
        manager = get_object_or_404(User, pk=request.GET["manager"])
    _require(request.user, "analytics.view_kpi", manager)
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


def _plans_table(plans) -> Table:
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


@login_required
def plans(request):
    _require(request.user, "analytics.view_dashboard")
    form, filters = _filters(request)
    qs = (
        selectors.plan_rows(filters)
        .select_related("product", "region", "manager", "event_type")
        .order_by("quarter", "product__name", "region__name", "id")
    )
    if response := _export(request, {"plans": lambda: _plans_table(qs)}):
        return response
    page = _page(request, qs)
    table = _plans_table(page.object_list)
    can_edit = request.user.has_perm("analytics.manage_plans")
    if can_edit:
        for i, row in enumerate(table.rows):
            table.links[(i, "period")] = reverse("analytics:plan_edit", args=[row["pk"]])
    return render(
        request,
        "analytics/plans.html",
        {
            "form": form,
            "filters": filters,
            "table": table,
            "page": page,
            "can_edit": can_edit,
            "kpi_targets": KpiTarget.objects.filter(year=filters.year).select_related("manager"),
            "querystring": filters.querystring(),
        },
    )


def _edit(request, form_class, instance, title, success_url):
    _require(request.user, "analytics.manage_plans")
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(success_url)
    return render(request, "analytics/form.html", {"form": form, "title": title})


@login_required
def plan_edit(request, pk=None):
    plan = get_object_or_404(Plan, pk=pk) if pk else None
    title = _("Edit plan") if plan else _("New plan")
    return _edit(request, PlanForm, plan, title, reverse("analytics:plans"))


@login_required
def kpi_target_edit(request, pk=None):
    target = get_object_or_404(KpiTarget, pk=pk) if pk else None
    title = _("Edit KPI target") if target else _("New KPI target")
    return _edit(request, KpiTargetForm, target, title, reverse("analytics:plans"))


def _import(request, importer, title, template_columns, back):
    _require(request.user, "analytics.manage_plans")
    form = XlsxUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importer(file=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(back)
    return render(
        request,
        "analytics/import.html",
        {"form": form, "result": result, "title": title, "columns": template_columns,
         "back": back},
    )  # fmt: skip


@login_required
def plans_upload(request):
    from analytics.imports import PLAN_COLUMNS

    return _import(
        request, plans_import, _("Import plans"), PLAN_COLUMNS, reverse("analytics:plans")
    )


@login_required
def sales(request):
    _require(request.user, "analytics.view_dashboard")
    qs = SalesRecord.objects.select_related("region", "product")
    table_rows = Table(
        "sales",
        _("Sales data"),
        [
            Column("month", _("Month")),
            Column("region", _("Region")),
            Column("product", _("Product")),
            Column("amount", _("Sales amount"), "money"),
            Column("units", _("Units"), "int"),
        ],
        [],
    )

    def build(rows):
        table_rows.rows = [
            {"month": f"{s.month:%Y-%m}", "region": s.region.name, "product": s.product.name,
             "amount": s.amount, "units": s.units}
            for s in rows
        ]  # fmt: skip
        return table_rows

    if response := _export(request, {"sales": lambda: build(qs)}):
        return response
    page = _page(request, qs)
    return render(
        request,
        "analytics/sales.html",
        {
            "table": build(page.object_list),
            "page": page,
            "can_edit": request.user.has_perm("analytics.manage_plans"),
            "totals": qs.aggregate(n=Count("id"), amount=Sum("amount")),
        },
    )


@login_required
def sales_upload(request):
    from analytics.imports import SALES_COLUMNS

    return _import(
        request, sales_import, _("Import sales data"), SALES_COLUMNS, reverse("analytics:sales")
    )


@login_required
@require_POST
def refresh(request):
    _require(request.user, "analytics.manage_plans")
    run = facts_refresh()
    messages.success(request, _("Data refreshed: %s events.") % run.rows)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("analytics:dashboard")
    return redirect(target)
