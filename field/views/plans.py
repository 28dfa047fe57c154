"""Cycle plans: the list, creation, the target list with its figures, the lock and goal
changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from field.figures import plan_capacity, plans_with_attainment, targets_with_attainment
from field.forms import GoalChangeForm, PlanCreateForm, ScheduleForm, TargetAddForm
from field.models import FieldPolicy, FieldRep, PlanTarget
from field.selectors import (
    expert_search,
    goal_change_get_for_user,
    institution_search,
    plan_get_for_user,
    plans_for_user,
    team_reps,
)
from field.services.plans import (
    goal_change_decide,
    goal_change_request,
    plan_create,
    plan_lock,
    target_add,
    target_remove,
)
from field.services.visits import visit_schedule
from field.views.actions import run_decision, run_form
from kolplatform.core.actions import run_service
from kolplatform.core.permissions import role_required
from kolplatform.core.roles import Role

PAGE_SIZE = 25
field_people = role_required(Role.FIELD_STAFF, Role.MARKETING_MANAGER, Role.ADMIN)


@field_people
def plan_list(request):
    page = Paginator(plans_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = plans_with_attainment(
        plans_for_user(user=request.user).filter(pk__in=[p.pk for p in page.object_list]),
        today=timezone.localdate(),
        policy=FieldPolicy.current(),
    )
    return render(
        request,
        "field/plan_list.html",
        {"page_obj": page, "breadcrumbs": [(_("Cycle plans"), None)]},
    )


def _plan_reps(user):
    """Who the user may plan for: a rep plans for themselves, a manager for the team."""
    reps = team_reps(user=user)
    own = FieldRep.objects.filter(user=user)
    ids = list(reps.values_list("user_id", flat=True)) + list(own.values_list("user_id", flat=True))
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


@field_people
def plan_new(request):
    form = PlanCreateForm(request.POST or None, reps=_plan_reps(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        ok = run_service(
            request,
            lambda: created.append(
                plan_create(
                    rep=data["rep"],
                    period=data["period"],
                    month_start=data["month"],
                    actor=request.user,
                )
            ),
            success=_("The plan is created."),
        )
        if ok:
            return redirect("field:plan", pk=created[0].pk)
    crumbs = [(_("Cycle plans"), reverse("field:plans")), (_("New plan"), None)]
    return render(request, "field/plan_form.html", {"form": form, "breadcrumbs": crumbs})


@login_required
def plan_detail(request, pk):
    plan = plan_get_for_user(user=request.user, pk=pk)
    policy = FieldPolicy.current()
    q = request.GET.get("q", "")
    return render(
        request,
        "field/plan_detail.html",
        {
            "plan": plan,
            "targets": targets_with_attainment(plan, today=timezone.localdate(), policy=policy),
            "capacity": plan_capacity(plan, policy),
            "may_edit": request.user.has_perm("field.edit_cycleplan", plan),
            "may_lock": request.user.has_perm("field.lock_cycleplan", plan),
            "q": q,
            "institutions": institution_search(q),
            "experts": expert_search(q),
            "changes": plan.goal_changes.select_related("institution", "expert", "requested_by"),
            "schedule_form": ScheduleForm(),
            "breadcrumbs": [(_("Cycle plans"), reverse("field:plans")), (str(plan), None)],
        },
    )


def _editable(request, pk):
    return plan_get_for_user(user=request.user, pk=pk, perm="field.edit_cycleplan")


def _plan_form_action(request, pk, form_class, service, success: str):
    """A change of the plan's target list: the posted form's fields are the service's arguments."""
    plan = _editable(request, pk)
    run_form(request, form_class(request.POST), service, plan=plan, success=success)
    return redirect("field:plan", pk=plan.pk)


@login_required
@require_POST
def target_new(request, pk):
    return _plan_form_action(request, pk, TargetAddForm, target_add, _("The target is added."))


def _target(request, pk, target_pk) -> PlanTarget:
    plan = _editable(request, pk)
    target = plan.targets.filter(pk=target_pk).first()
    if target is None:
        raise PermissionDenied
    return target


@login_required
@require_POST
def target_delete(request, pk, target_pk):
    target = _target(request, pk, target_pk)
    run_service(request, lambda: target_remove(target=target, actor=request.user))
    return redirect("field:plan", pk=pk)


@login_required
@require_POST
def target_schedule(request, pk, target_pk):
    target = _target(request, pk, target_pk)
    form = ScheduleForm(request.POST)
    run_form(request, form, visit_schedule, target=target, success=_("The visit is scheduled."))
    return redirect("field:plan", pk=pk)


@login_required
@require_POST
def lock(request, pk):
    plan = plan_get_for_user(user=request.user, pk=pk, perm="field.lock_cycleplan")
    run_service(
        request, lambda: plan_lock(plan=plan, actor=request.user), success=_("The plan is locked.")
    )
    return redirect("field:plan", pk=pk)


@login_required
@require_POST
def goal_change_new(request, pk):
    return _plan_form_action(
        request,
        pk,
        GoalChangeForm,
        goal_change_request,
        _("The goal change is sent to the manager."),
    )


@login_required
@require_POST
def goal_change_decision(request, pk):
    change = goal_change_get_for_user(user=request.user, pk=pk)
    run_decision(
        request,
        lambda accept, reason: goal_change_decide(
            change=change, approve=accept, comment=reason, actor=request.user
        ),
    )
    return redirect("field:plan", pk=change.plan_id)
