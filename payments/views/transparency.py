"""The transparency report of transfers of value (compliance and finance)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from kolplatform.core.audit import audit_log
from kolplatform.core.downloads import download_response
from kolplatform.core.models import AuditLog
from payments import transparency_report as report_module
from payments.forms import TransparencyForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


@login_required
@permission_required("payments.view_transparency", raise_exception=True)
def transparency_report(request):
    form = TransparencyForm(request.GET or {"year": timezone.localdate().year})
    report = page = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        report = report_module.transparency_report(year=year)
        export = form.cleaned_data["export"]
        if export:
            audit_log(
                actor=request.user,
                action=AuditLog.Action.EXPORT,
                changes={"report": "transparency", "year": year, "format": export},
            )
            if export == "xlsx":
                data, ctype = report_module.transfers_xlsx(report), XLSX
            else:
                data, ctype = report_module.transfers_csv(report), "text/csv; charset=utf-8"
            return download_response(
                data, filename=f"transfers-{year}.{export}", content_type=ctype
            )
        page = Paginator(report.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/transparency.html",
        {"form": form, "report": report, "page_obj": page},
    )
