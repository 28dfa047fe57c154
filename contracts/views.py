"""Staff pages: contracts, approval decisions, orders, acts, company signature, templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import services
from contracts.cabinet import cabinet_access_for, cabinet_confirm_identity, cabinet_invite
from contracts.caps import cap_line_text
from contracts.errors import ContractError
from contracts.forms import (
    ActForm,
    ContractFilterForm,
    ContractForm,
    DecideForm,
    IdentityForm,
    OrderForm,
)
from contracts.models import ContractDocument, ServiceOrder
from contracts.selectors import (
    commitment_limits,
    contract_document_get_for_manager,
    contract_get_for_user,
    contract_list,
    service_order_get_for_user,
)
from contracts.signing import is_company_signatory
from kolplatform.core.actions import run_service
from kolplatform.core.approvals import (
    approval_current,
    approval_decide,
    approval_history,
    user_can_decide,
)
from kolplatform.core.audit import audit_trail
from kolplatform.core.client_ip import client_ip as core_client_ip
from kolplatform.core.downloads import download_response
from kolplatform.core.pagination import CappedPaginator

staff_required = permission_required("core.view_staff_pages", raise_exception=True)


def _client_ip(request) -> str | None:
    """The signer's address for the consent/signature evidence: the trusted client IP."""
    return core_client_ip(request)


@login_required
@staff_required
def contract_list_view(request):
    form = ContractFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = CappedPaginator(contract_list(user=request.user, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "contracts/list.html", {"form": form, "page": page})


@login_required
@permission_required("contracts.add_contract", raise_exception=True)
def contract_create_view(request):
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_create(owner=request.user, **data)
        except ContractError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contract %(number)s drafted.") % {"number": contract})
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", {"form": form})


@login_required
@permission_required("contracts.change_contract", raise_exception=True)
def contract_edit_view(request, pk):
    contract = contract_get_for_user(user=request.user, pk=pk)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "expert"}
        try:
            services.contract_update(contract=contract, actor=request.user, **data)
        except ContractError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contract saved."))
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", {"form": form, "contract": contract})


@login_required
@staff_required
def contract_detail_view(request, pk):
    contract = contract_get_for_user(user=request.user, pk=pk)
    return render(request, "contracts/detail.html", _detail_context(request, contract))


def _detail_context(request, contract, *, order_form=None) -> dict:
    """The contract page; `order_form` is a refused order form shown again with its input."""
    pending = approval_current(target=contract)
    documents = contract.documents.select_related("pdf", "signed_copy", "order", "act").order_by(
        "kind", "order_id", "act_id", "-version"
    )
    orders = contract.orders.select_related("act").order_by("-order_date", "-pk")
    today = timezone.localdate()
    return {
        "contract": contract,
        "pending": pending,
        "can_decide": pending is not None and user_can_decide(request=pending, user=request.user),
        "decide_form": DecideForm(),
        "history": approval_history(target=contract),
        "documents": documents,
        "orders": orders,
        "order_form": order_form or OrderForm(contract=contract, initial={"order_date": today}),
        "cap_lines": [
            cap_line_text(line)
            for line in commitment_limits(expert=contract.expert, on=today, contracts=[contract])
        ],
        "act_form": ActForm(initial={"act_date": today}),
        "identity_form": IdentityForm(),
        "access": cabinet_access_for(contract.expert),
        "is_signatory": is_company_signatory(request.user),
        "can_manage": request.user.has_perm("contracts.change_contract"),
        "committed": services.contract_committed_amount(contract),
        "trail": audit_trail(contract)[:30],
        "Status": contract.Status,
        "DocStatus": ContractDocument.Status,
        "OrderStatus": ServiceOrder.Status,
    }


def _manage(request, pk):
    return contract_get_for_user(user=request.user, pk=pk, write=True)


@login_required
@require_POST
def contract_action_view(request, pk, action):
    """The small actions on a contract page (POST): each calls one service."""
    contract = _manage(request, pk)
    user = request.user
    reason = request.POST.get("reason", "")
    actions = {
        "send_for_approval": (
            lambda: services.contract_send_for_approval(contract=contract, actor=user),
            _("Sent for approval."),
        ),
        "regenerate": (
            lambda: services.contract_regenerate_document(contract=contract, actor=user),
            _("A new version of the document is being generated."),
        ),
        "terminate": (
            lambda: services.contract_terminate(contract=contract, actor=user, reason=reason),
            _("The contract was terminated."),
        ),
        "invite": (
            lambda: cabinet_invite(expert=contract.expert, actor=user),
            _("The invitation was e-mailed to the expert."),
        ),
    }
    if action not in actions:
        raise PermissionDenied
    action_call, success = actions[action]
    run_service(request, action_call, success=success)
    return redirect("contracts:detail", pk=contract.pk)


@login_required
@require_POST
def contract_decide_view(request, pk):
    contract = contract_get_for_user(user=request.user, pk=pk)
    pending = approval_current(target=contract)
    if pending is None or not user_can_decide(request=pending, user=request.user):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("contracts:detail", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"
    run_service(
        request,
        lambda: approval_decide(
            request=pending,
            actor=request.user,
            approve=approve,
            comment=form.cleaned_data["comment"],
        ),
        success=_("Your decision was recorded."),
    )
    return redirect("contracts:detail", pk=pk)


@login_required
@require_POST
@permission_required("contracts.confirm_identity", raise_exception=True)
def identity_confirm_view(request, pk):
    contract = contract_get_for_user(user=request.user, pk=pk)
    form = IdentityForm(request.POST)
    note = form.data.get("note", "")
    run_service(
        request,
        lambda: cabinet_confirm_identity(expert=contract.expert, actor=request.user, note=note),
        success=_("The expert's identity is confirmed."),
    )
    return redirect("contracts:detail", pk=pk)


@login_required
@require_POST
def order_create_view(request, pk):
    """Place an order; refused (a field, the contract or a cap), the page shows the form again
    with what was typed."""
    contract = _manage(request, pk)
    form = OrderForm(request.POST, contract=contract)
    if form.is_valid() and run_service(
        request,
        lambda: services.service_order_create(
            contract=contract, actor=request.user, **form.cleaned_data
        ),
        success=_("The order was created."),
    ):
        return redirect(reverse("contracts:detail", args=[pk]) + "#orders")
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    context = _detail_context(request, contract, order_form=form)
    return render(request, "contracts/detail.html", context)


def _order_for(request, pk) -> ServiceOrder:
    return service_order_get_for_user(user=request.user, pk=pk, write=True)


@login_required
@require_POST
def order_action_view(request, pk, action):
    order = _order_for(request, pk)
    user = request.user
    if action == "approve":
        run_service(
            request,
            lambda: services.service_order_approve(order=order, actor=user),
            success=_("The order was approved; its document is being generated."),
        )
    elif action == "cancel":
        reason = request.POST.get("reason", "")
        run_service(
            request,
            lambda: services.service_order_cancel(order=order, actor=user, reason=reason),
            success=_("The order was cancelled."),
        )
    elif action == "act":
        form = ActForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                lambda: services.act_create(order=order, actor=user, **form.cleaned_data),
                success=_("The act was created; its document is being generated."),
            )
        else:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
    else:
        raise PermissionDenied
    return redirect(reverse("contracts:detail", args=[order.contract_id]) + "#orders")


@login_required
@require_POST
def document_send_view(request, pk):
    document = contract_document_get_for_manager(user=request.user, pk=pk)
    run_service(
        request,
        lambda: services.document_send(document=document, actor=request.user),
        success=_("The document was sent to the expert."),
    )
    return redirect("contracts:detail", pk=document.contract_id)


def pdf_response(stored, *, inline: bool) -> HttpResponse:
    with stored.file.open("rb") as fh:
        data = fh.read()
    response = download_response(
        data, filename=stored.original_name, content_type="application/pdf", inline=inline
    )
    response["X-Content-SHA256"] = stored.sha256
    return response
