"""Master-data change requests: list, propose (new expert / institution), decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts.errors import ExpertsError
from experts.forms import DecisionForm, ExpertForm, InstitutionForm
from experts.models import MasterDataRequest
from experts.selectors import data_request_get_for_user, data_requests_for_user
from experts.services.requests import (
    data_request_approve,
    data_request_create,
    data_request_reject,
    payload_from_cleaned,
)
from experts.views.common import require_perm, require_staff

SENSITIVE_KINDS = {MasterDataRequest.Kind.BANK_DETAILS}


@login_required
def request_list_view(request):
    require_staff(request.user)
    qs = data_requests_for_user(user=request.user)
    status = request.GET.get("status", MasterDataRequest.Status.PENDING)
    if status in MasterDataRequest.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "experts/requests.html",
        {"page": page, "status": status, "statuses": MasterDataRequest.Status.choices},
    )


def _request_for(request, pk: int) -> MasterDataRequest:
    return data_request_get_for_user(user=request.user, pk=pk)


def _payload_rows(obj: MasterDataRequest, user):
    """(label, current, proposed); bank details only for those who may see them."""
    if obj.kind in SENSITIVE_KINDS and not user.has_perm("experts.view_bank_details", obj.expert):
        return [(_("Bank details"), "", _("hidden"))]
    model = obj.expert.__class__ if obj.expert else None
    rows = []
    for key, value in obj.payload.items():
        label, current = key, ""
        target = obj.expert if obj.kind == MasterDataRequest.Kind.CHANGE_EXPERT else obj.institution
        if target is not None:
            try:
                field = target._meta.get_field(key)
                label = field.verbose_name
                current = (
                    getattr(target, key)
                    if not field.many_to_many
                    else ", ".join(map(str, getattr(target, key).all()))
                )
            except Exception:  # payload keys that are not model fields (bank details)
                pass
        elif model is not None:
            label = key
        rows.append((label, current if current is not None else "", value))
    return rows


@login_required
def request_detail_view(request, pk: int):
    obj = _request_for(request, pk)
    can_decide = obj.status == MasterDataRequest.Status.PENDING and request.user.has_perm(
        "experts.decide_request", obj
    )
    return render(
        request,
        "experts/request_detail.html",
        {
            "obj": obj,
            "rows": _payload_rows(obj, request.user),
            "can_decide": can_decide,
            "own": obj.created_by_id == request.user.pk,
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def request_decide_view(request, pk: int, decision: str):
    if decision not in ("approve", "reject"):
        raise Http404
    obj = _request_for(request, pk)
    require_perm(request.user, "experts.decide_request", obj)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if decision == "approve":
            data_request_approve(request=obj, actor=request.user, comment=comment)
            messages.success(request, _("Request approved and applied."))
        else:
            data_request_reject(request=obj, actor=request.user, comment=comment)
            messages.info(request, _("Request rejected."))
    except ExpertsError as error:
        messages.error(request, error.message)
    return redirect("experts:request", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_new_view(request, kind: str):
    """Propose a new expert or a new institution for review."""
    require_perm(request.user, "experts.propose_change")
    form_class = {
        MasterDataRequest.Kind.NEW_EXPERT: ExpertForm,
        MasterDataRequest.Kind.NEW_INSTITUTION: InstitutionForm,
    }.get(kind)
    if form_class is None:
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = data_request_create(
                kind=kind,
                actor=request.user,
                payload=payload_from_cleaned(
                    {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
                ),
                reason=request.POST.get("reason", ""),
            )
        except ExpertsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Sent to a data steward for approval."))
            return redirect("experts:request", pk=obj.pk)
    return render(
        request,
        "experts/request_new.html",
        {"form": form, "kind_label": MasterDataRequest.Kind(kind).label},
    )
