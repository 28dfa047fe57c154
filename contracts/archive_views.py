"""Templates (legal), the digital archive with its ZIP export, and the public verification page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from contracts.archive import archive_zip
from contracts.context import CONTEXT_KEYS
from contracts.errors import ContractError
from contracts.forms import ArchiveFilterForm, TemplateForm, VerifyForm
from contracts.generation import template_create_version, template_preview_pdf, template_update
from contracts.models import DocumentTemplate
from contracts.selectors import archive_documents, template_list
from contracts.verification import verify_hash, verify_pdf
from kolplatform.core.downloads import download_response
from kolplatform.core.pagination import CappedPaginator

ARCHIVE_ZIP_LIMIT = 2000


@login_required
@permission_required("contracts.view_documenttemplate", raise_exception=True)
def template_list_view(request):
    return render(request, "contracts/templates_list.html", {"templates": template_list()})


@login_required
@permission_required("contracts.change_documenttemplate", raise_exception=True)
def template_edit_view(request, pk=None):
    """Edit an unused version, or (for a used one, or none) save as a new version."""
    template = get_object_or_404(DocumentTemplate, pk=pk) if pk else None
    initial = {}
    if template is None and request.GET.get("from"):
        source = get_object_or_404(DocumentTemplate, pk=request.GET["from"])
        initial = {"kind": source.kind, "title": source.title, "body": source.body}
    form = TemplateForm(request.POST or None, instance=template, initial=initial)
    if template is not None:
        form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            try:
                pdf = template_preview_pdf(kind=data["kind"], body=data["body"])
            except ContractError as exc:
                form.add_error("body", str(exc))
            else:
                return HttpResponse(pdf, content_type="application/pdf")
        else:
            try:
                if template is None or template.is_used:
                    saved = template_create_version(actor=request.user, **data)
                else:
                    saved = template_update(
                        template=template,
                        title=data["title"],
                        body=data["body"],
                        actor=request.user,
                    )
            except ContractError as exc:
                form.add_error("body", str(exc))
            else:
                messages.success(request, _("Saved: %(t)s.") % {"t": saved})
                return redirect("contracts:templates")
    return render(
        request,
        "contracts/template_form.html",
        {"form": form, "template": template, "context_keys": CONTEXT_KEYS},
    )


@login_required
@permission_required("contracts.view_documenttemplate", raise_exception=True)
def template_preview_view(request, pk):
    template = get_object_or_404(DocumentTemplate, pk=pk)
    try:
        pdf = template_preview_pdf(kind=template.kind, body=template.body)
    except ContractError as exc:
        messages.error(request, str(exc))
        return redirect("contracts:templates")
    return download_response(
        pdf, filename=f"preview-{template.kind}.pdf", content_type="application/pdf", inline=True
    )


@login_required
@permission_required("contracts.view_archive", raise_exception=True)
def archive_view(request):
    form = ArchiveFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    documents = archive_documents(filters=filters)
    if request.GET.get("export") == "zip":
        if not any(filters.values()):
            messages.error(request, _("Narrow the search (e.g. by expert) before exporting."))
            return redirect("contracts:archive")
        data = archive_zip(documents[:ARCHIVE_ZIP_LIMIT])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return download_response(
            data, filename=f"archive-{stamp}.zip", content_type="application/zip"
        )
    page = CappedPaginator(documents, 25).get_page(request.GET.get("page"))
    return render(request, "contracts/archive.html", {"form": form, "page": page})


def verify_view(request):
    """Public: which document a PDF (or hash) is, whether it is intact, who signed it when.
    Checks are limited per client IP; over the limit the form comes back with a 429."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    limited = is_ratelimited(
        request,
        group="verify",
        key="ip",
        rate=settings.RATELIMIT_VERIFY,
        method="POST",
        increment=True,
    )
    if limited and form.is_bound:
        form.is_valid()  # keep the field errors beside the limit's message
        form.add_error(None, _("Too many checks from your network. Please try again later."))
        return render(request, "contracts/verify.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data.get("file"):
                result = verify_pdf(form.cleaned_data["file"].read())
            else:
                result = verify_hash(form.cleaned_data["sha256"])
        except ContractError as exc:
            form.add_error("sha256", str(exc))
    return render(request, "contracts/verify.html", {"form": form, "result": result})
