"""The expert list: filters and sorting kept in the URL, pagination, CSV/XLSX export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from experts.models import Institution
from experts.pagination import CappedPaginator
from experts.selectors import (
    expert_export_rows,
    expert_list,
    expert_list_page,
    expert_list_rows,
)
from experts.views.common import querystring_without, require_staff
from kolplatform.core.audit import audit_log
from kolplatform.core.downloads import set_content_disposition
from kolplatform.core.exports import csv_writer, xlsx_append
from kolplatform.core.models import AuditLog

PAGE_SIZE = 50
EXPORT_LIMIT = 200_000


@login_required
@require_GET
def expert_list_view(request):
    require_staff(request.user)
    filterset = expert_list(user=request.user, filters=request.GET)
    rows = expert_list_rows(filterset)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "experts": expert_list_page(page.object_list),
        "query": querystring_without(request, "page"),
        "sort_query": querystring_without(request, "page", "sort"),
        "active_filters": sum(1 for k, v in request.GET.items() if v and k not in ("page", "sort")),
    }
    template = "experts/_list_results.html" if request.htmx else "experts/list.html"
    return render(request, template, context)


def _export_rows(queryset):
    yield [
        _("No."),
        _("Last name"),
        _("First name"),
        _("Middle name"),
        _("Tier"),
        _("Specialties"),
        _("Institution"),
        _("Position"),
        _("Region"),
        _("City"),
        _("E-mail"),
        _("Phone"),
        _("CRM id"),
        _("Provider id"),
        _("Responsible"),
        _("Consent"),
        _("Active"),
    ]
    for e in queryset.iterator(chunk_size=2000):
        yield [
            e.pk,
            e.last_name,
            e.first_name,
            e.middle_name,
            e.get_tier_display(),
            "; ".join(s.name for s in e.specialties.all()),
            e.institution.name if e.institution else "",
            e.position,
            str(e.region or ""),
            e.city,
            e.email,
            e.phone,
            e.crm_id or "",
            e.provider_id or "",
            str(e.responsible or ""),
            _("yes") if e.has_valid_consent else _("no"),
            _("yes") if e.is_active else _("no"),
        ]


class _Echo:
    def write(self, value):
        return value


@login_required
@require_GET
def expert_export_view(request, fmt: str):
    """The filtered list as CSV (streamed) or XLSX (write-only workbook); logged as an export."""
    require_staff(request.user)
    filterset = expert_list(user=request.user, filters=request.GET)
    rows = expert_export_rows(filterset)[:EXPORT_LIMIT]
    audit_log(
        actor=request.user,
        action=AuditLog.Action.EXPORT,
        comment="expert list exported",
        changes={"format": fmt, "filters": request.GET.dict()},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv_writer(_Echo(), delimiter=";")

        def stream():
            yield "\ufeff"
            for row in _export_rows(rows):
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        set_content_disposition(response, f"experts-{stamp}.csv")
        return response
    # openpyxl loads at call time: only when a workbook is read or written.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Experts"))
    for row in _export_rows(rows):
        xlsx_append(sheet, row)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    set_content_disposition(response, f"experts-{stamp}.xlsx")
    workbook.save(response)
    return response


@login_required
@require_GET
def institution_search_view(request):
    """<option>s for the institution picker (htmx): up to 30 matches by name or city. Staff and
    KOLs (the workplace in the cabinet's change of data) may search."""
    if not request.user.is_kol:
        require_staff(request.user)
    q = (request.GET.get("institution_q") or request.GET.get("q") or "").strip()
    institutions = (
        Institution.objects.filter(name__icontains=q)
        | Institution.objects.filter(city__icontains=q)
        if len(q) >= 2
        else Institution.objects.none()
    )
    return render(
        request,
        "experts/_institution_options.html",
        {"institutions": institutions.select_related("region").order_by("name")[:30], "q": q},
    )
