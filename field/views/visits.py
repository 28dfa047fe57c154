"""The rep's pages: the week with today's route, check-in and check-out from the phone, the
visit report (also delivered later by the browser when it was typed offline)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experts.models import Institution
from field.errors import FieldError
from field.forms import FixForm, ReportForm
from field.selectors import institution_search, visit_get_for_rep, week_visits
from field.services.visits import (
    Fix,
    Report,
    visit_check_in,
    visit_check_out,
    visit_start_unplanned,
    visit_submit,
)
from kolplatform.core.actions import run_service
from kolplatform.core.permissions import role_required
from kolplatform.core.roles import Role

reps_only = role_required(Role.FIELD_STAFF)


def _start(request) -> tuple[float, float] | None:
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return (lat, lon)
    return None


@reps_only
def today(request):
    day = timezone.localdate()
    start = _start(request)
    route, later = week_visits(rep=request.user, today=day, start=start)
    q = request.GET.get("q", "")
    return render(
        request,
        "field/today.html",
        {
            "route": route,
            "later": later,
            "today": day,
            "from_here": start is not None,
            "q": q,
            "found": institution_search(q),
            "breadcrumbs": [(_("Visits"), None)],
        },
    )


@reps_only
@require_POST
def visit_new(request):
    institution = get_object_or_404(Institution, pk=request.POST.get("institution") or 0)
    visit = visit_start_unplanned(
        rep=request.user, institution=institution, day=timezone.localdate(), actor=request.user
    )
    return redirect(f"{reverse('field:today')}#visit-{visit.pk}")


def _fix(form) -> Fix:
    data = form.cleaned_data
    return Fix(
        latitude=data["latitude"],
        longitude=data["longitude"],
        accuracy_m=data["accuracy"],
        fix_at=data["fix_at"],
        permission=data["permission"],
        at=data["at"] or timezone.now(),
    )


def _fix_action(request, pk, service):
    visit = visit_get_for_rep(user=request.user, pk=pk)
    form = FixForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"ok": False, "error": _("The location data is not valid.")}, status=400
        )
    try:
        visit = service(visit=visit, fix=_fix(form), actor=request.user)
    except FieldError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "geo_status": visit.geo_status,
            "geo_label": visit.get_geo_status_display(),
            "distance_m": visit.distance_m,
        }
    )


@login_required
@require_POST
def check_in(request, pk):
    return _fix_action(request, pk, visit_check_in)


@login_required
@require_POST
def check_out(request, pk):
    return _fix_action(request, pk, visit_check_out)


def _report(form) -> Report:
    data = form.cleaned_data
    return Report(
        visit_type=data["visit_type"],
        doctors=list(data.get("doctors", [])),
        products=list(data.get("products", [])),
        notes=data["notes"],
        follow_up=data["follow_up"],
        follow_up_due=data["follow_up_due"],
        range_comment=data.get("range_comment", ""),
        at=data["at"] or timezone.now(),
    )


def _report_json(request, visit, form) -> JsonResponse:
    """A report delivered by the phone's outbox (static/js/field-visits.js)."""
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    try:
        visit_submit(visit=visit, report=_report(form), actor=request.user)
    except FieldError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=409)
    return JsonResponse({"ok": True})


@login_required
def report(request, pk):
    visit = visit_get_for_rep(user=request.user, pk=pk)
    form = ReportForm(request.POST or None, visit=visit)
    if request.method == "POST" and "application/json" in request.headers.get("Accept", ""):
        return _report_json(request, visit, form)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: visit_submit(visit=visit, report=_report(form), actor=request.user),
            success=_("The visit report is submitted."),
        )
    ):
        return redirect("field:today")
    return render(
        request,
        "field/report.html",
        {
            "visit": visit,
            "form": form,
            "breadcrumbs": [(_("Visits"), reverse("field:today")), (visit.institution.name, None)],
        },
    )
