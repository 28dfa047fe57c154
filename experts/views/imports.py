"""Imports: upload, map columns, dry run, start, progress (htmx polling), error report.

The upload and the dry run only queue a task; the page polls the job's status fragment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts.errors import ExpertsError
from experts.forms import ImportMappingForm, ImportUploadForm
from experts.models import ImportJob, ImportRow
from experts.selectors import import_job_get_for_user, import_jobs
from experts.services.imports import (
    import_check_request,
    import_error_report,
    import_job_create,
    import_start,
)
from experts.views.common import require_perm
from kolplatform.core.actions import run_service
from kolplatform.core.downloads import download_response


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
    job = import_job_get_for_user(user=request.user, pk=pk)
    editable = job.status in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED)
    form = ImportMappingForm(request.POST or None, job=job)
    if request.method == "POST" and editable and form.is_valid():
        try:
            if "start" in request.POST:
                job.mapping = form.mapping()
                job.save(update_fields=["mapping"])
                import_start(job=job, actor=request.user)
            else:
                import_check_request(job=job, mapping=form.mapping(), actor=request.user)
            return redirect("experts:import", pk=pk)
        except ExpertsError as error:
            messages.error(request, error.message)
    preview = job.preview if job.status == ImportJob.Status.PREVIEWED else None
    context = {"job": job, "form": form, "editable": editable, "preview": preview}
    if job.is_finished and not job.read_failed:
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
    """The status fragment; htmx polls it every second while the file is read or imported."""
    require_perm(request.user, "experts.run_import")
    job = import_job_get_for_user(user=request.user, pk=pk)
    response = render(request, "experts/_import_progress.html", {"job": job})
    if request.htmx and not job.is_working:
        response["HX-Refresh"] = "true"  # reload to show the mapping, the dry run or the outcome
    return response


@login_required
def import_errors_view(request, pk: int):
    require_perm(request.user, "experts.run_import")
    job = import_job_get_for_user(user=request.user, pk=pk)
    return download_response(
        import_error_report(job=job),
        filename=f"import-{job.pk}-errors.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_POST
def import_start_view(request, pk: int):
    require_perm(request.user, "experts.run_import")
    job = import_job_get_for_user(user=request.user, pk=pk)
    run_service(
        request, lambda: import_start(job=job, actor=request.user), success=_("Import started.")
    )
    return redirect("experts:import", pk=pk)
