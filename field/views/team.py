"""The manager's pages: the team's targets against what was achieved, the review queue, a
visit's details with review and unlock."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from field.figures import plans_with_attainment
from field.forms import ReasonForm
from field.models import CyclePlan, FieldPolicy
from field.selectors import points_by_period, review_queue, team_reps, visit_get_for_user
from field.services.visits import visit_review, visit_unlock
from field.views.actions import run_decision
from kolplatform.core.actions import run_service
from kolplatform.core.audit import audit_trail
from kolplatform.core.permissions import role_required
from kolplatform.core.roles import Role

PAGE_SIZE = 25
managers = role_required(Role.MARKETING_MANAGER, Role.ADMIN)


def _team_rows(reps, today):
    """Per rep: the current plan's figures and the points of the day, week and month."""
    rep_ids = [r.user_id for r in reps]
    plans = plans_with_attainment(
        CyclePlan.objects.filter(rep_id__in=rep_ids, starts_on__lte=today, ends_on__gte=today),
        today=today,
        policy=FieldPolicy.current(),
    )
    plan_by_rep = {p.rep_id: p for p in plans}
    points = points_by_period(rep_ids=rep_ids, today=today)
    return [
        {
            "rep": rep,
            "plan": plan_by_rep.get(rep.user_id),
            "points": points.get(rep.user_id, (0, 0, 0)),
        }
        for rep in reps
    ]


def _totals(rows):
    figures = [row["plan"].figures for row in rows if row["plan"] is not None]
    return {
        "planned": sum(f.planned for f in figures),
        "made": sum(f.made for f in figures),
        "remaining": sum(f.remaining for f in figures),
        "points": sum(row["points"][2] for row in rows),
        "target": sum(row["rep"].points_month for row in rows),
    }


@managers
def team(request):
    today = timezone.localdate()
    reps = Paginator(team_reps(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _team_rows(list(reps.object_list), today)
    queue = Paginator(review_queue(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("q_page")
    )
    return render(
        request,
        "field/team.html",
        {
            "page_obj": reps,
            "rows": rows,
            "totals": _totals(rows),
            "queue": queue,
            "today": today,
            "breadcrumbs": [(_("Field team"), None)],
        },
    )


@login_required
def visit_detail(request, pk):
    visit = visit_get_for_user(user=request.user, pk=pk)
    may_review = request.user.has_perm("field.review_visit", visit)
    return render(
        request,
        "field/visit_detail.html",
        {
            "visit": visit,
            "doctors": visit.doctors.all(),
            "products": visit.products.all(),
            "may_review": may_review,
            "trail": audit_trail(visit)[:20] if may_review else [],
            "breadcrumbs": [
                (_("Field team"), reverse("field:team"))
                if may_review
                else (_("Visits"), reverse("field:today")),
                (visit.institution.name, None),
            ],
        },
    )


@login_required
@require_POST
def review(request, pk):
    visit = visit_get_for_user(user=request.user, pk=pk, perm="field.review_visit")
    run_decision(
        request,
        lambda accept, reason: visit_review(
            visit=visit, accept=accept, reason=reason, actor=request.user
        ),
    )
    if request.POST.get("back") == "team":
        return redirect("field:team")
    return redirect("field:visit", pk=pk)


@login_required
@require_POST
def unlock(request, pk):
    visit = visit_get_for_user(user=request.user, pk=pk, perm="field.review_visit")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_service(
        request,
        lambda: visit_unlock(visit=visit, reason=reason, actor=request.user),
        success=_("The visit is unlocked for corrections."),
    )
    return redirect("field:visit", pk=pk)
