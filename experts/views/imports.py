"""Imports: upload, map columns, dry run, start, progress (htmx polling), error report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts.errors import ExpertsError
from experts.forms import ImportMappingForm, ImportUploadForm
from experts.models import ImportJob, ImportRow
from experts.selectors import import_jobs
from experts.services.imports import (
    import_error_report,
    import_job_create,
    import_preview,
    import_start,
)
from experts.views.common import report_error, require_perm


@login_required
@require_http_methods(["GET", "POST"])
def import_list_view(request):
    require_perm(request.user, "experts.run_import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                source=form.cleaned_data["source"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ExpertsError as error:
            form.add_error("file", str(error))
        else:
            return redirect("experts:import", pk=job.pk)
    return render(
        request, "experts/imports.html", {"form": form, "jobs": import_jobs(user=request.user)[:20]}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_detail_view(request, pk: int):
    """Before the run: mapping + dry run. During and after: progress and outcomes."""
    require_perm(request.user, "experts.run_import")
    job = get_object_or_404(ImportJob, pk=pk)
    editable = job.status in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED)
    form = ImportMappingForm(request.POST or None, job=job)
    preview = None
    if request.method == "POST" and editable and form.is_valid():
        job.mapping = form.mapping()
        job.save(update_fields=["mapping"])
        try:
            if "start" in request.POST:
                import_start(job=job, actor=request.user)
                return redirect("experts:import", pk=pk)
            preview = import_preview(job=job)
            job.refresh_from_db()
        except ExpertsError as error:
            report_error(request, error)
    context = {"job": job, "form": form, "editable": editable, "preview": preview}
    if not editable:
        problems = list(
            job.rows.filter(outcome__in=[ImportRow.Outcome.FAILED, ImportRow.Outcome.SKIPPED])
            .select_related("duplicate_of")
            .order_by("row_number")[:200]
        )
        for row in problems:  # name the column as the file does
            row.column_label = job.mapping.get(row.column, row.column)
        context["problems"] = problems
    return render(request, "experts/import_detail.html", context)


@login_required
def import_progress_view(request, pk: int):
    """The progress fragment; htmx polls it every second until the job finishes."""
    require_perm(request.user, "experts.run_import")
    job = get_object_or_404(ImportJob, pk=pk)
    response = render(request, "experts/_import_progress.html", {"job": job})
    if job.is_finished and request.htmx:
        response["HX-Refresh"] = "true"  # reload to show the outcome table
    return response


@login_required
def import_errors_view(request, pk: int):
    require_perm(request.user, "experts.run_import")
    job = get_object_or_404(ImportJob, pk=pk)
    response = HttpResponse(import_error_report(job=job), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response


@login_required
@require_POST
def import_start_view(request, pk: int):
    require_perm(request.user, "experts.run_import")
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        import_start(job=job, actor=request.user)
        messages.success(request, _("Import started."))
    except ExpertsError as error:
        report_error(request, error)
    return redirect("experts:import", pk=pk)
