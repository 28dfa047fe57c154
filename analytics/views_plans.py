"""Analytics pages for plans, KPI targets and sales data (kept by marketing managers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics import reports, selectors
from analytics.forms import KpiTargetForm, PlanForm, XlsxUploadForm
from analytics.imports import PLAN_COLUMNS, SALES_COLUMNS
from analytics.models import DataImport, KpiTarget, Plan, SalesRecord
from analytics.services import DataImportError, data_import_create
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


IMPORT_PAGES = {  # kind: (title, columns, upload page, list page)
    DataImport.Kind.PLANS: (
        gettext_lazy("Import plans"), PLAN_COLUMNS, "analytics:plans_import", "analytics:plans"
    ),
    DataImport.Kind.SALES: (
        gettext_lazy("Import sales data"), SALES_COLUMNS, "analytics:sales_import",
        "analytics:sales",
    ),
}  # fmt: skip


def _import_context(kind, **extra) -> dict:
    title, columns, upload, back = IMPORT_PAGES[kind]
    return {"title": title, "columns": columns, "upload_url": reverse(upload),
            "back": reverse(back), **extra}  # fmt: skip


def _import(request, kind):
    """The upload is stored and read in a task; the page of the upload polls its status."""
    require_perm(request.user, "analytics.manage_plans")
    form = XlsxUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = data_import_create(
                kind=kind, upload=form.cleaned_data["file"], actor=request.user
            )
        except DataImportError as error:
            form.add_error("file", str(error))
        else:
            return redirect("analytics:data_import", pk=job.pk)
    return render(request, "analytics/import.html", _import_context(kind, form=form))


@login_required
def data_import(request, pk):
    require_perm(request.user, "analytics.manage_plans")
    job = selectors.data_import_get_for_user(user=request.user, pk=pk)
    return render(
        request, "analytics/import.html", _import_context(job.kind, form=XlsxUploadForm(), job=job)
    )


@login_required
def data_import_status(request, pk):
    """The status fragment; htmx polls it every second while the file is read."""
    require_perm(request.user, "analytics.manage_plans")
    job = selectors.data_import_get_for_user(user=request.user, pk=pk)
    return render(request, "analytics/_import_status.html", _import_context(job.kind, job=job))


@login_required
def plans_upload(request):
    return _import(request, DataImport.Kind.PLANS)


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
    return _import(request, DataImport.Kind.SALES)
