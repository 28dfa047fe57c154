"""Staff pages: the payout list, a payout with its checks and breakdown, and its actions."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kolplatform.core.downloads import file_download
from kolplatform.core.models import Document, Notification
from kolplatform.core.pagination import CappedPaginator
from payments import selectors, services, upstream
from payments.forms import (
    CancelForm,
    CapExceptionForm,
    CommentForm,
    MessageForm,
    NpdConfirmForm,
    PayoutFilterForm,
    UploadForm,
)
from payments.models import PaymentRegistry, Payout
from payments.views.common import (
    message_action,
    run_action,
    run_form_action,
    upload_action,
)

PAGE_SIZE = 50


def _filter(qs, form):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        qs = qs.filter(
            Q(expert__search_name__icontains=q.lower().replace("ё", "е"))
            | Q(act__number__icontains=q)
            | Q(contract__number__icontains=q)
        )
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["regime"]:
        qs = qs.filter(tax_regime=data["regime"])
    today = timezone.localdate()
    open_states = list(Payout.BEFORE_PAID)
    if data["due"] == "due":
        qs = qs.filter(status__in=open_states, due_date__lte=today + timedelta(days=3))
    elif data["due"] == "overdue":
        qs = qs.filter(status__in=open_states, due_date__lt=today)
    return qs


@login_required
@permission_required("payments.view_payout_list", raise_exception=True)
def payout_list(request):
    form = PayoutFilterForm(request.GET or None)
    qs = _filter(selectors.payout_list(user=request.user), form)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    reminders = Notification.objects.filter(
        recipient=request.user, read_at__isnull=True, url__startswith="/payments/"
    ).order_by("-created_at")[:5]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "reminders": reminders,
        "query": query.urlencode(),
        "can_manage": request.user.has_perm("payments.manage_payout"),
        "bank_formats": PaymentRegistry.BankFormat.choices,
    }
    template = "payments/_payout_rows.html" if request.htmx else "payments/payout_list.html"
    return render(request, template, context)


@login_required
@permission_required("payments.view_payout_list", raise_exception=True)
def payout_detail(request, pk):
    payout = selectors.payout_get_for_user(user=request.user, pk=pk)
    Notification.objects.filter(
        recipient=request.user, read_at__isnull=True, url__startswith=request.path
    ).update(read_at=timezone.now())
    context = {
        "payout": payout,
        "checks": selectors.payout_latest_checks(payout),
        "documents": selectors.payout_documents(payout),
        "support": payout.messages.select_related("author"),
        "exceptions": payout.cap_exceptions.select_related("approved_by"),
        "npd_checks": payout.expert.npd_checks.select_related("checked_by")[:5],
        "can_manage": request.user.has_perm("payments.manage_payout"),
        "cancel_form": CancelForm(),
        "comment_form": CommentForm(),
        "exception_form": CapExceptionForm(),
        "npd_form": NpdConfirmForm(initial={"inn": upstream.expert_inn(payout.expert)}),
        "upload_form": UploadForm(),
        "message_form": MessageForm(),
    }
    return render(request, "payments/payout_detail.html", context)


def _managed(request, pk) -> Payout:
    return selectors.payout_get_for_user(user=request.user, pk=pk, manage=True)


def _back(payout) -> str:
    return reverse("payments:detail", args=[payout.pk])


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_check(request, pk):
    payout = _managed(request, pk)
    return run_action(
        request,
        lambda: services.payouts_run_checks(payout_ids=[payout.pk], actor=request.user),
        success=_("The checks were run again."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_approve(request, pk):
    payout = _managed(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        result = services.payout_approve(
            payout=payout, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except services.PayoutError as exc:
        messages.error(request, str(exc))
    else:
        if result.status == Payout.Status.APPROVED:
            messages.success(request, _("The payout is approved."))
        elif result.status == Payout.Status.BLOCKED:
            messages.error(
                request, _("Blocked by the checks: %(r)s") % {"r": result.blocked_reason}
            )
        else:
            messages.info(request, _("Your approval is recorded; the next step is pending."))
    return redirect(_back(payout))


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_cancel(request, pk):
    payout = _managed(request, pk)
    return run_form_action(
        request,
        CancelForm(request.POST),
        lambda data: services.payout_cancel(
            payout=payout, actor=request.user, comment=data["comment"]
        ),
        success=_("The payout is cancelled."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_retry(request, pk):
    payout = _managed(request, pk)
    return run_action(
        request,
        lambda: services.payout_retry(payout=payout, actor=request.user),
        success=_("The payout is back to the checks and approval."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_exception(request, pk):
    payout = _managed(request, pk)
    return run_form_action(
        request,
        CapExceptionForm(request.POST),
        lambda data: services.cap_exception_grant(
            payout=payout, kind=data["kind"], reason=data["reason"], actor=request.user
        ),
        success=_("The exception is recorded and the checks were run again."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_npd_confirm(request, pk):
    payout = _managed(request, pk)
    return run_form_action(
        request,
        NpdConfirmForm(request.POST),
        lambda data: services.npd_status_confirm_manually(
            expert=payout.expert, actor=request.user, **data
        ),
        success=_("The self-employed status check is recorded."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_invoice(request, pk):
    payout = _managed(request, pk)
    return upload_action(
        request,
        payout=payout,
        service=services.payout_upload_invoice,
        success=_("The invoice is attached."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def payout_message(request, pk):
    payout = _managed(request, pk)
    return message_action(
        request, payout=payout, success=_("The message is sent."), next_url=_back(payout)
    )


def document_download(request, pk, doc_pk):
    """A document of a payout, for anyone who may see the payout (staff or its KOL)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    payout = selectors.payout_get_for_user(user=request.user, pk=pk)
    allowed = {d.pk: d for d in selectors.payout_documents(payout)}
    if payout.registry_id and request.user.has_perm("payments.view_registry"):
        allowed[payout.registry.xml_document_id] = payout.registry.xml_document
        allowed[payout.registry.csv_document_id] = payout.registry.csv_document
    document = allowed.get(int(doc_pk))
    if document is None or not isinstance(document, Document):
        raise Http404
    return file_download(document.file.open("rb"), filename=document.original_name)
