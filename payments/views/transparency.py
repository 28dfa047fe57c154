"""The transparency report of transfers of value (compliance and finance)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog
from payments import transparency
from payments.forms import TransparencyForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required("payments.view_transparency", raise_exception=True)
def transparency_report(request):
    form = TransparencyForm(request.GET or {"year": timezone.localdate().year})
    rows = []
    if form.is_valid():
        year = form.cleaned_data["year"]
        rows = transparency.transfers_of_value(year=year)
        export = form.cleaned_data["export"]
        if export:
            audit_log(
                actor=request.user,
                action=AuditLog.Action.EXPORT,
                changes={"report": "transparency", "year": year, "format": export},
            )
            if export == "xlsx":
                data, ctype = transparency.transfers_xlsx(rows, year=year), XLSX
            else:
                data, ctype = transparency.transfers_csv(rows), "text/csv; charset=utf-8"
            response = HttpResponse(data, content_type=ctype)
            response["Content-Disposition"] = f'attachment; filename="transfers-{year}.{export}"'
            return response
    total = sum((r.amount for r in rows), 0)
    return render(
        request, "payments/transparency.html", {"form": form, "rows": rows, "total": total}
    )
