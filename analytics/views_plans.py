"""Analytics pages for plans, KPI targets and sales data (kept by marketing managers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from analytics import reports, selectors
from analytics.forms import KpiTargetForm, PlanForm, XlsxUploadForm
from analytics.imports import PLAN_COLUMNS, SALES_COLUMNS, plans_import, sales_import
from analytics.models import KpiTarget, Plan, SalesRecord
from analytics.tables import Column, Table
from analytics.views import export_if_asked, filters_from, paginate, require_perm


@login_required
def plans(request):
    require_perm(request.user, "analytics.view_dashboard")
    form, filters = filters_from(request)
    qs = (
        selectors.plan_rows(filters)
        .select_related("product", "region", "manager", "event_type")
        .order_by("quarter", "product__name", "region__name", "id")
    )
    if response := export_if_asked(request, {"plans": lambda: reports.plans_table(qs)}):
        return response
    page = paginate(request, qs)
    table = reports.plans_table(page.object_list)
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
    require_perm(request.user, "analytics.manage_plans")
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
    require_perm(request.user, "analytics.manage_plans")
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
    return _import(
        request, plans_import, _("Import plans"), PLAN_COLUMNS, reverse("analytics:plans")
    )


@login_required
def sales(request):
    require_perm(request.user, "analytics.view_dashboard")
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

    if response := export_if_asked(request, {"sales": lambda: build(qs)}):
        return response
    page = paginate(request, qs)
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
    return _import(
        request, sales_import, _("Import sales data"), SALES_COLUMNS, reverse("analytics:sales")
    )
