"""The KOL's own profile in the cabinet: data, consents, bank details (changes go to review)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from experts.bank import bank_details_for_view, mask
from experts.forms import BankDetailsForm, CabinetProfileForm
from experts.models import Expert, MasterDataRequest
from experts.profile import profile_sections
from experts.selectors import expert_current_rate_cards
from experts.services.privacy import expert_export_data
from experts.services.requests import data_request_create, payload_from_cleaned
from experts.views.common import client_ip
from kolplatform.core.actions import run_service
from kolplatform.core.downloads import download_response


def _own_expert(user) -> Expert:
    if not user.is_authenticated or not user.is_kol:
        raise PermissionDenied
    expert = Expert.objects.filter(user=user).select_related("institution", "region").first()
    if expert is None:
        raise PermissionDenied
    return expert


@login_required
def cabinet_profile_view(request):
    expert = _own_expert(request.user)
    details = getattr(expert, "bank_details", None) if hasattr(expert, "bank_details") else None
    return render(
        request,
        "experts/cabinet_profile.html",
        {
            "expert": expert,
            "consents": expert.consents.all(),
            "rate_cards": expert_current_rate_cards(expert=expert),
            "side_sections": [
                s for s in profile_sections(expert=expert, user=request.user) if s.side
            ],
            "account_masked": mask(details.account) if details else "",
            "has_bank": details is not None,
            "pending_profile": pending_profile_changes(expert),
            "pending": expert.data_requests.filter(
                kind=MasterDataRequest.Kind.BANK_DETAILS, status=MasterDataRequest.Status.PENDING
            ).exists(),
            "activities": expert.activities.all(),
            "competencies": expert.competencies.select_related("product", "therapeutic_area"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cabinet_bank_view(request):
    """The KOL sees their bank details (audit-logged) and proposes a change for review."""
    expert = _own_expert(request.user)
    if request.method == "POST":
        form = BankDetailsForm(request.POST)
        if form.is_valid() and run_service(
            request,
            lambda: data_request_create(
                kind=MasterDataRequest.Kind.BANK_DETAILS,
                actor=request.user,
                expert=expert,
                payload=payload_from_cleaned(form.cleaned_data),
                reason=_("Changed by the expert in the cabinet"),
            ),
            success=_("Thank you. The new bank details will apply after review."),
        ):
            return redirect("experts:cabinet_profile")
    else:
        details = bank_details_for_view(
            expert=expert, user=request.user, ip_address=client_ip(request)
        )
        form = BankDetailsForm(instance=details)
    return render(
        request,
        "experts/cabinet_bank.html",
        {
            "expert": expert,
            "form": form,
            "cabinet": True,
            "can_save": True,
            "submit_label": _("Send for review"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cabinet_profile_change_view(request):
    """The KOL proposes changes of contacts, workplace, specialty and address; a data steward
    decides them like any master-data change request (nothing changes before approval)."""
    expert = _own_expert(request.user)
    form = CabinetProfileForm(request.POST or None, instance=Expert.objects.get(pk=expert.pk))
    if request.method == "POST" and form.is_valid():
        if not form.changed_data:
            messages.info(request, _("Nothing changed."))
            return redirect("experts:cabinet_profile")
        if run_service(
            request,
            lambda: data_request_create(
                kind=MasterDataRequest.Kind.CHANGE_EXPERT,
                actor=request.user,
                expert=expert,
                payload=payload_from_cleaned(form.proposed()),
                reason=_("Changed by the expert in the cabinet"),
            ),
            success=_("Thank you. Your changes will apply after review."),
        ):
            return redirect("experts:cabinet_profile")
    return render(
        request,
        "experts/cabinet_profile_change.html",
        {"expert": expert, "form": form, "pending": pending_profile_changes(expert)},
    )


def pending_profile_changes(expert) -> list[tuple]:
    """(proposed at, names of the fields) of the KOL's latest changes still under review."""
    requests = expert.data_requests.filter(
        kind=MasterDataRequest.Kind.CHANGE_EXPERT, status=MasterDataRequest.Status.PENDING
    ).order_by("-created_at")[:5]
    return [
        (r.created_at, [str(Expert._meta.get_field(name).verbose_name) for name in r.payload])
        for r in requests
    ]


@login_required
def cabinet_export_view(request):
    expert = _own_expert(request.user)
    return download_response(
        expert_export_data(expert=expert, actor=request.user),
        filename="my-personal-data.zip",
        content_type="application/zip",
    )
