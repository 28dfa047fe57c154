"""Registries: export of approved payouts, the registry pages, confirmation import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kolplatform.core.downloads import file_download
from payments import selectors, services
from payments.forms import ConfirmationForm
from payments.models import ConfirmationImport, PaymentRegistry
from payments.views.common import form_errors


@require_POST
@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def registry_export(request):
    ids = request.POST.getlist("payout")
    bank_format = request.POST.get("bank_format") or PaymentRegistry.BankFormat.ACCRUAL
    try:
        registry = services.registry_export(
            payout_ids=ids, actor=request.user, bank_format=bank_format
        )
    except (services.PayoutError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("payments:list")
    messages.success(
        request,
        _("Registry № %(n)s exported: %(c)s payouts.")
        % {"n": registry.number, "c": registry.line_count},
    )
    return redirect("payments:registry_detail", pk=registry.pk)


@login_required
@permission_required("payments.view_registry", raise_exception=True)
def registry_list(request):
    page = Paginator(selectors.registry_list(), 50).get_page(request.GET.get("page"))
    imports = ConfirmationImport.objects.select_related("imported_by", "document")[:10]
    return render(
        request,
        "payments/registry_list.html",
        {"page": page, "imports": imports, "form": ConfirmationForm()},
    )


@login_required
@permission_required("payments.view_registry", raise_exception=True)
def registry_detail(request, pk):
    registry = selectors.registry_get(pk=pk)
    return render(
        request,
        "payments/registry_detail.html",
        {"registry": registry, "lines": registry.lines.all(), "form": ConfirmationForm()},
    )


@login_required
@permission_required("payments.view_registry", raise_exception=True)
def registry_file(request, pk, kind):
    registry = selectors.registry_get(pk=pk)
    documents = {
        "xml": registry.xml_document,
        "csv": registry.csv_document,
        "onec": registry.onec_document,
    }
    document = documents.get(kind)
    if document is None:
        raise Http404
    return file_download(document.file.open("rb"), filename=document.original_name)


@login_required
@permission_required("payments.manage_payout", raise_exception=True)
def confirmation_import(request):
    if request.method != "POST":
        return redirect("payments:registry_list")
    form = ConfirmationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("payments:registry_list")
    f = form.cleaned_data["file"]
    try:
        result = services.confirmation_upload(data=f.read(), name=f.name, actor=request.user)
    except services.PayoutError as exc:
        messages.error(request, str(exc))
        return redirect("payments:registry_list")
    return redirect("payments:confirmation_detail", pk=result.pk)


@login_required
@permission_required("payments.view_registry", raise_exception=True)
def confirmation_detail(request, pk):
    result = get_object_or_404(
        ConfirmationImport.objects.select_related("document", "imported_by"), pk=pk
    )
    rows = result.rows.select_related("payout__expert")
    return render(request, "payments/confirmation_detail.html", {"result": result, "rows": rows})
