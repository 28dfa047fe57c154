"""The audit log page for compliance and administrators."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kolplatform.core.access import require_perm
from kolplatform.core.filters import AuditLogFilter
from kolplatform.core.models import AuditLog

PAGE_SIZE = 50


@login_required
@require_GET
def audit_log_view(request):
    require_perm(request.user, "core.view_audit_log")
    records = AuditLog.objects.select_related("actor", "content_type")
    filterset = AuditLogFilter(request.GET or None, queryset=records)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "core/audit/_results.html" if request.htmx else "core/audit/log.html"
    return render(request, template, {"filter": filterset, "page_obj": page_obj})
