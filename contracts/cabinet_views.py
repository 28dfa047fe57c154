"""The KOL cabinet and the signing pages (the expert in the cabinet, the company's signatory)."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from contracts.cabinet import (
    cabinet_accept_agreements,
    cabinet_access_for,
    cabinet_consent_choose,
    cabinet_register,
    invitation_for_token,
)
from contracts.context import agreement_context
from contracts.errors import ContractError
from contracts.experts_api import ConsentError, consent_current
from contracts.forms import AgreementsForm, CodeForm, ConsentChoicesForm, ReasonForm, RegisterForm
from contracts.generation import template_current
from contracts.models import Contract, ContractDocument, DocumentKind, OtpChallenge, SignerRole
from contracts.pdf import render_pdf
from contracts.selectors import cabinet_documents, document_get_for_user
from contracts.signing import (
    document_decline,
    document_sign,
    otp_request,
    signed_copy_pending_notice,
    signing_blocker,
)
from contracts.views import _client_ip, pdf_response
from kolplatform.core.actions import run_service
from kolplatform.core.cabinet import cabinet_cards
from kolplatform.core.downloads import download_response
from kolplatform.core.redirects import safe_next_url

CABINET_CONTRACT_STATES = [
    Contract.Status.ACTIVE,
    Contract.Status.SIGNED_BY_EXPERT,
    Contract.Status.SENT_TO_EXPERT,
]


def _kol_expert(request):
    expert = getattr(request.user, "expert", None) if request.user.is_kol else None
    if expert is None:
        raise PermissionDenied
    return expert


@login_required
def cabinet_home(request):
    expert = _kol_expert(request)
    access = cabinet_access_for(expert)
    documents = list(cabinet_documents(expert=expert))
    awaiting = [d for d in documents if d.status == ContractDocument.Status.AWAITING_EXPERT]
    signed = [d for d in documents if d.status == ContractDocument.Status.SIGNED]
    contracts = expert.contracts.filter(status__in=CABINET_CONTRACT_STATES)
    return render(
        request,
        "contracts/cabinet/home.html",
        {
            "expert": expert,
            "access": access,
            "awaiting": awaiting,
            "signed_count": len(signed),
            "contracts": contracts,
            "cards": cabinet_cards(expert=expert),
        },
    )


@login_required
def cabinet_documents_view(request):
    expert = _kol_expert(request)
    documents = list(cabinet_documents(expert=expert))
    return render(
        request,
        "contracts/cabinet/documents.html",
        {
            "awaiting": [
                d for d in documents if d.status == ContractDocument.Status.AWAITING_EXPERT
            ],
            "others": [d for d in documents if d.status != ContractDocument.Status.AWAITING_EXPERT],
        },
    )


@login_required
def cabinet_onboarding(request):
    """Accept the agreements; the consent choices are shown with their current values, and
    after acceptance the KOL may change them here."""
    expert = _kol_expert(request)
    access = cabinet_access_for(expert)
    current = consent_current(expert=expert)
    accepted = access.agreements_accepted
    form = (ConsentChoicesForm if accepted else AgreementsForm)(
        request.POST or None, current=current
    )
    if request.method == "POST" and form.is_valid():
        arguments = {
            "user": request.user,
            "choices": form.choices(),
            "shown_consent_id": form.cleaned_data.get("shown_consent"),
            "ip_address": _client_ip(request),
        }
        try:
            changed = (cabinet_consent_choose if accepted else cabinet_accept_agreements)(
                **arguments
            )
        except ConsentError as exc:
            messages.error(request, str(exc))
            return redirect(request.get_full_path())
        if not accepted:
            messages.success(request, _("Thank you: the agreements are accepted."))
            return redirect(
                safe_next_url(request, request.GET.get("next"), "contracts:cabinet_home")
            )
        if changed:
            messages.success(request, _("Your choices are saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("contracts:cabinet_onboarding")
    return render(
        request,
        "contracts/cabinet/onboarding.html",
        {
            "form": form,
            "access": access,
            "current": current,
            "esign": template_current(kind=DocumentKind.ESIGN_AGREEMENT),
            "consent": template_current(kind=DocumentKind.CONSENT),
        },
    )


@login_required
def agreement_pdf(request, kind):
    """The current e-signature agreement or consent, filled in for this KOL, to read before
    accepting."""
    expert = _kol_expert(request)
    if kind not in (DocumentKind.ESIGN_AGREEMENT, DocumentKind.CONSENT):
        raise Http404
    template = template_current(kind=kind)
    data = render_pdf(body=template.body, context=agreement_context(kind=kind, expert=expert))
    return download_response(
        data,
        filename=f"{kind}-v{template.version}.pdf",
        content_type="application/pdf",
        inline=True,
    )


def invitation_view(request, token):
    """Public: the one-time link; sets the password and signs the new KOL in."""
    try:
        invitation = invitation_for_token(token)
    except ContractError as exc:
        return render(
            request, "contracts/cabinet/invitation_invalid.html", {"error": exc}, status=410
        )
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = cabinet_register(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc)
        except ContractError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your cabinet account is ready."))
            return redirect("contracts:cabinet_onboarding")
    return render(
        request, "contracts/cabinet/register.html", {"form": form, "invitation": invitation}
    )


def _role(request) -> str:
    return SignerRole.COMPANY if request.user.is_staff_member else SignerRole.EXPERT


@login_required
def document_view(request, pk):
    """Read the whole document, request a code, sign it or decline (expert) — one page."""
    document = document_get_for_user(user=request.user, pk=pk)
    role = _role(request)
    if role == SignerRole.EXPERT and document.status == ContractDocument.Status.RENDERING:
        raise Http404
    challenge = (
        OtpChallenge.objects.filter(document=document, user=request.user, role=role)
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "contracts/sign.html",
        {
            "document": document,
            "role": role,
            "blocker": signing_blocker(document=document, user=request.user, role=role),
            "challenge": challenge,
            "code_form": CodeForm(),
            "decline_form": ReasonForm(),
            "signatures": document.signatures.all(),
            "access": cabinet_access_for(document.expert),
        },
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})  # shown in an iframe of the signing page
def document_file(request, pk, which):
    document = document_get_for_user(user=request.user, pk=pk)
    stored = document.signed_copy if which == "signed" else document.pdf
    if stored is None:
        raise Http404
    return pdf_response(stored, inline=request.GET.get("inline") == "1")


@login_required
@require_POST
@ratelimit(key="user", rate="10/h", block=True)
def otp_request_view(request, pk):
    document = document_get_for_user(user=request.user, pk=pk)
    run_service(
        request,
        lambda: otp_request(
            document=document,
            user=request.user,
            role=_role(request),
            ip_address=_client_ip(request),
        ),
        success=_("The code was sent to your confirmed e-mail."),
    )
    return redirect("contracts:document", pk=pk)


@login_required
@require_POST
def sign_view(request, pk):
    document = document_get_for_user(user=request.user, pk=pk)
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["code"]))
        return redirect("contracts:document", pk=pk)
    signed = run_service(
        request,
        lambda: document_sign(
            document=document,
            user=request.user,
            role=_role(request),
            code=form.cleaned_data["code"].strip(),
            ip_address=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ),
        success=_("The document is signed."),
    )
    if signed and (notice := signed_copy_pending_notice(document=document)):
        messages.warning(request, notice)
    return redirect("contracts:document", pk=pk)


@login_required
@require_POST
def decline_view(request, pk):
    document = document_get_for_user(user=request.user, pk=pk)
    if _role(request) != SignerRole.EXPERT:
        raise PermissionDenied
    reason = request.POST.get("reason", "")
    ok = run_service(
        request,
        lambda: document_decline(document=document, user=request.user, reason=reason),
        success=_("You declined the document; the company was told your reason."),
    )
    if ok:
        return redirect("contracts:cabinet_documents")
    return redirect("contracts:document", pk=pk)
