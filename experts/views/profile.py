"""The expert profile and the actions on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts.bank import bank_details_are_complete, bank_details_for_view
from experts.consent import consent_blocking_reason
from experts.errors import ExpertsError
from experts.evidence import expert_year_pack_response
from experts.forms import (
    ActivityForm,
    BankDetailsForm,
    CompetencyForm,
    ConsentForm,
    EraseForm,
    ExpertForm,
    MergeForm,
    WithdrawConsentForm,
)
from experts.models import Expert, MasterDataRequest
from experts.profile import profile_sections
from experts.selectors import (
    consent_get_for_user,
    consent_history,
    expert_assessments,
    expert_current_rate_cards,
    expert_get_for_user,
    expert_tier_history,
)
from experts.services.experts import (
    bank_details_save,
    consent_document_store,
    consent_record,
    consent_withdraw,
    expert_create,
    expert_update,
)
from experts.services.privacy import expert_erase, expert_export_data
from experts.services.requests import data_request_create, payload_from_cleaned
from experts.views.common import client_ip, require_perm, require_staff
from kolplatform.core.actions import run_service
from kolplatform.core.audit import audit_log, audit_trail
from kolplatform.core.downloads import download_response


def profile_context(expert: Expert, user) -> dict:
    """Everything the profile shows; the sections of other modules come from the modules
    themselves (experts.profile, hooks.PROFILE_SECTION)."""
    sections = profile_sections(expert=expert, user=user)
    return {
        "expert": expert,
        "blocking_reason": consent_blocking_reason(expert=expert),
        "bank_complete": bank_details_are_complete(expert=expert),
        "rate_cards": expert_current_rate_cards(expert=expert),
        "tier_history": expert_tier_history(expert=expert)[:10],
        "assessments": expert_assessments(expert=expert)[:10],
        "sections": [s for s in sections if not s.side],
        "side_sections": [s for s in sections if s.side],
        "consents": consent_history(expert=expert),
        "activities": expert.activities.all(),
        "competencies": expert.competencies.select_related("product", "therapeutic_area"),
        "data_requests": expert.data_requests.select_related("created_by")[:10],
        "evidence_years": [timezone.localdate().year, timezone.localdate().year - 1],
        "can": {
            "edit": user.has_perm("experts.change_expert", expert),
            "propose": user.has_perm("experts.propose_change", expert),
            "grade": user.has_perm("experts.add_assessment", expert),
            "bank": user.has_perm("experts.view_bank_details", expert),
            "consent": user.has_perm("experts.manage_consent", expert),
            "merge": user.has_perm("experts.merge_experts", expert),
            "export": user.has_perm("experts.export_personal_data", expert),
            "erase": user.has_perm("experts.erase_personal_data", expert),
            "evidence": user.has_perm("experts.download_evidence", expert),
            "audit": user.has_perm("core.view_audit_log"),
        },
    }


@login_required
def expert_detail_view(request, pk: int):
    require_staff(request.user)
    expert = expert_get_for_user(user=request.user, pk=pk)
    if expert.merged_into_id:
        messages.info(request, _("This record was merged; showing the surviving record."))
        return redirect("experts:detail", pk=expert.merged_into_id)
    context = profile_context(expert, request.user)
    if context["can"]["audit"] or context["can"]["edit"]:
        context["audit"] = audit_trail(expert)[:20]
    context["activity_form"] = ActivityForm()
    context["competency_form"] = CompetencyForm()
    return render(request, "experts/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def expert_create_view(request):
    require_perm(request.user, "experts.add_expert")
    form = ExpertForm(request.POST or None, initial={"responsible": request.user})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expert = expert_create(
            actor=request.user,
            specialties=data.pop("specialties"),
            therapeutic_areas=data.pop("therapeutic_areas"),
            **data,
        )
        messages.success(request, _("Expert %(name)s created.") % {"name": expert})
        if "grade" in request.POST:
            return redirect("experts:assessment_start", pk=expert.pk)
        return redirect("experts:detail", pk=expert.pk)
    return render(request, "experts/form.html", {"form": form, "expert": None})


@login_required
@require_http_methods(["GET", "POST"])
def expert_update_view(request, pk: int):
    """Data stewards change directly; field staff send the change as a request for review."""
    require_staff(request.user)
    expert = expert_get_for_user(user=request.user, pk=pk)
    direct = request.user.has_perm("experts.change_expert", expert)
    if not direct:
        require_perm(request.user, "experts.propose_change", expert)
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        changed = {k: form.cleaned_data[k] for k in form.changed_data}
        if not changed:
            messages.info(request, _("Nothing was changed."))
        elif direct:
            expert_update(expert=Expert.objects.get(pk=pk), actor=request.user, **changed)
            messages.success(request, _("Changes saved."))
        else:
            data_request_create(
                kind=MasterDataRequest.Kind.CHANGE_EXPERT,
                actor=request.user,
                expert=expert,
                payload=payload_from_cleaned(changed),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Your change was sent to a data steward for approval."))
        return redirect("experts:detail", pk=pk)
    return render(request, "experts/form.html", {"form": form, "expert": expert, "direct": direct})


@login_required
@require_http_methods(["GET", "POST"])
def bank_details_view(request, pk: int):
    """Show (audit-logged) and, for data stewards and finance, edit bank details."""
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.view_bank_details", expert)
    if request.user.is_kol and not request.user.is_staff_member:
        return redirect("experts:cabinet_bank")
    if request.method == "POST":
        form = BankDetailsForm(request.POST)
        if form.is_valid():
            bank_details_save(
                expert=expert, actor=request.user, data=form.cleaned_data, verified=True
            )
            messages.success(request, _("Bank details saved and marked verified."))
            return redirect("experts:detail", pk=pk)
    else:
        details = bank_details_for_view(
            expert=expert, user=request.user, ip_address=client_ip(request)
        )
        form = BankDetailsForm(instance=details)
    return render(
        request, "experts/bank_details.html", {"expert": expert, "form": form, "can_save": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_add_view(request, pk: int):
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.manage_consent", expert)
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "text_version": "1.0",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                document = None
                upload = form.cleaned_data.pop("file")
                if upload:
                    document = consent_document_store(
                        expert=expert, upload=upload, actor=request.user
                    )
                consent_record(
                    expert=expert, actor=request.user, document=document, **form.cleaned_data
                )
        except ExpertsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("experts:detail", pk=pk)
    return render(request, "experts/consent_form.html", {"expert": expert, "form": form})


@login_required
@require_POST
def consent_withdraw_view(request, pk: int):
    consent = consent_get_for_user(user=request.user, pk=pk)
    expert = consent.expert
    form = WithdrawConsentForm(request.POST)
    form.is_valid()
    try:
        consent_withdraw(
            consent=consent, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
        messages.warning(request, _("Consent withdrawn: the expert is blocked from new work."))
    except ExpertsError as error:
        messages.error(request, error.message)
    if request.user.is_kol and not request.user.is_staff_member:
        return redirect("experts:cabinet_profile")
    return redirect("experts:detail", pk=expert.pk)


def _add_related(request, pk: int, form_class, label: str):
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.add_assessment", expert)
    form = form_class(request.POST)
    if form.is_valid():
        item = form.save(commit=False)
        item.expert = expert
        item.save()
        messages.success(request, label)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("experts:detail", args=[pk]) + "#professional")


@login_required
@require_POST
def activity_add_view(request, pk: int):
    return _add_related(request, pk, ActivityForm, _("Activity added."))


@login_required
@require_POST
def competency_add_view(request, pk: int):
    return _add_related(request, pk, CompetencyForm, _("Competency added."))


@login_required
def export_data_view(request, pk: int):
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.export_personal_data", expert)
    data = expert_export_data(expert=expert, actor=request.user)
    return download_response(
        data, filename=f"personal-data-{expert.pk}.zip", content_type="application/zip"
    )


MIN_EVIDENCE_YEAR = 2000


@login_required
def evidence_pack_view(request, pk: int, year: int):
    """The evidence pack of the expert's year (experts/evidence.py): a streamed ZIP."""
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.download_evidence", expert)
    if not MIN_EVIDENCE_YEAR <= year <= timezone.localdate().year:
        raise Http404("no evidence for this year")
    audit_log(
        actor=request.user, action="expert.evidence_downloaded", obj=expert, changes={"year": year}
    )
    return expert_year_pack_response(expert=expert, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def erase_view(request, pk: int):
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.erase_personal_data", expert)
    form = EraseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: expert_erase(
                expert=expert, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("Personal data erased; the reason is in the audit log."),
        )
    ):
        return redirect("experts:detail", pk=pk)
    return render(request, "experts/erase.html", {"expert": expert, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def merge_view(request, pk: int):
    """A data steward proposes merging a duplicate into this record; another steward approves."""
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.merge_experts", expert)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duplicate = Expert.objects.filter(pk=form.cleaned_data["duplicate"]).first()
        try:
            if duplicate is None:
                raise ExpertsError(_("There is no expert with this number."))
            request_ = data_request_create(
                kind=MasterDataRequest.Kind.MERGE,
                actor=request.user,
                expert=expert,
                other_expert=duplicate,
                payload={},
                reason=form.cleaned_data["reason"],
            )
        except ExpertsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Merge request created; another data steward approves it."))
            return redirect("experts:request", pk=request_.pk)
    return render(request, "experts/merge.html", {"expert": expert, "form": form})
