"""Approvals inbox and the decide action (thin: the engine in core/approvals.py holds the rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kolplatform.core.access import require_staff
from kolplatform.core.approvals import (
    ApprovalError,
    approval_decide,
    approval_pending_for_user,
)
from kolplatform.core.forms import ApprovalDecisionForm
from kolplatform.core.inbox import pending_decisions
from kolplatform.core.models import ApprovalRequest
from kolplatform.core.pagination import CappedPaginator
from kolplatform.core.redirects import safe_next_url
from kolplatform.core.templatetags.core_platform import approval_panel_context

INBOX_PAGE_SIZE = 25


@login_required
def approvals_inbox(request):
    """The decisions waiting for the current user, oldest step first."""
    require_staff(request.user)
    pending = approval_pending_for_user(user=request.user).prefetch_related("target")
    page_obj = CappedPaginator(pending, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = pending_decisions(user=request.user)
    return render(request, "core/approvals/inbox.html", {"page_obj": page_obj, "groups": groups})


@login_required
@require_POST
def approval_decide_view(request, pk):
    """POST: record a decision. Domain errors become messages; the typed comment is kept."""
    require_staff(request.user)
    approval = get_object_or_404(
        ApprovalRequest.objects.select_related("current_step", "requested_by", "route"), pk=pk
    )
    form = ApprovalDecisionForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            approval = approval_decide(
                request=approval,
                actor=request.user,
                approve=data["decision"] == ApprovalDecisionForm.APPROVE,
                comment=data["comment"],
                step=data["step"],
            )
        except ApprovalError as exc:
            error = str(exc)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    source = request.POST.get("source")
    if request.htmx:
        return _htmx_response(request, approval=approval, form=form, error=error, source=source)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _decided_message(approval))
    return redirect(safe_next_url(request, request.POST.get("next"), "core:approvals_inbox"))


def _decided_message(approval: ApprovalRequest) -> str:
    if approval.status == ApprovalRequest.Status.REJECTED:
        return _("Rejected. The requester has been notified.")
    if approval.status == ApprovalRequest.Status.APPROVED:
        return _("Approved. The request is fully approved.")
    return _("Approved. The request moved on to the next step.")


def _htmx_response(request, *, approval, form, error, source):
    if source == "inbox":
        approval.refresh_from_db()
        context = {
            "approval": approval,
            "error": error,
            "comment": request.POST.get("comment", ""),
            "decided_message": None if error else _decided_message(approval),
        }
        return render(request, "core/approvals/_inbox_row.html", context)
    if error is None:
        messages.success(request, _decided_message(approval))
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = approval_panel_context(request, approval.target)
    context.update(error=error, comment=request.POST.get("comment", ""))
    return render(request, "core/approvals/_panel.html", context)
