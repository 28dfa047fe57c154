"""The manager's settings of field work: the radius per institution type, each representative's
targets, an expert's segment; the segmentation matrix and the points table shown as they stand
(administrators edit those reference tables in the administration)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Expert
from field.forms import RadiiForm, RepTargetsForm, SegmentForm
from field.models import (
    DistanceBand,
    FieldPolicy,
    Influence,
    PointsRule,
    Potential,
    SegmentCell,
    TypeRadius,
)
from field.segments import next_change_allowed
from field.selectors import field_rep_get_for_user
from field.services.segments import segment_assign, segment_current
from field.services.settings import radii_set, rep_targets_set
from field.views.team import managers
from kolplatform.core.actions import run_service
from kolplatform.core.roles import Role

HISTORY = 10


def _form_page(request, form, save, *, success: str, done: str, template: str, context: dict):
    """Save a valid posted form through `save(cleaned_data)` and go back, or show the page."""
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, success)
        return redirect(done)
    return render(request, template, {"form": form, **context})


def _matrix() -> list[tuple[str, list]]:
    """Rows of potential, columns of influence: the visits a month of each cell (None: no cell)."""
    cells = {(c.potential, c.influence): c.visits_per_month for c in SegmentCell.objects.all()}
    return [(p, [cells.get((p, i)) for i in Influence.values]) for p in Potential.values]


@managers
def field_settings(request):
    policy = FieldPolicy.current()
    current = dict(TypeRadius.objects.values_list("kind", "radius_m"))
    return _form_page(
        request,
        RadiiForm(request.POST or None, initial=current, default_m=policy.default_radius_m),
        lambda data: radii_set(radii=data, actor=request.user),
        success=_("The radii are saved."),
        done="field:settings",
        template="field/settings.html",
        context={
            "policy": policy,
            "influences": Influence.choices,
            "matrix": _matrix(),
            "points": PointsRule.objects.order_by("institution_kind", "visit_type"),
            "bands": DistanceBand.objects.all(),
            "breadcrumbs": [(_("Field team"), reverse("field:team")), (_("Settings"), None)],
        },
    )


@managers
def rep_targets(request, pk):
    rep = field_rep_get_for_user(user=request.user, pk=pk)
    return _form_page(
        request,
        RepTargetsForm(request.POST or None, instance=rep),
        lambda data: rep_targets_set(rep=rep, targets=data, actor=request.user),
        success=_("The targets are saved."),
        done="field:team",
        template="field/rep_targets.html",
        context={
            "rep": rep,
            "breadcrumbs": [(_("Field team"), reverse("field:team")), (str(rep), None)],
        },
    )


@managers
def expert_segment(request, pk):
    """An expert's segment: set by a manager at most once every 6 months; an administrator may
    override the rule with a reason (field.services.segments)."""
    expert = get_object_or_404(Expert, pk=pk)
    current = segment_current(expert)
    form = SegmentForm(request.POST or None, initial={"cell": current.cell_id if current else None})
    if not request.user.has_role(Role.ADMIN):
        del form.fields["override_reason"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            request,
            lambda: segment_assign(
                expert=expert,
                cell=data["cell"],
                actor=request.user,
                today=timezone.localdate(),
                override_reason=data.get("override_reason", ""),
            ),
            success=_("The segment is set."),
        ):
            return redirect("field:expert_segment", pk=expert.pk)
    return render(
        request,
        "field/expert_segment.html",
        {
            "expert": expert,
            "form": form,
            "current": current,
            "next_change": next_change_allowed(current.assigned_on) if current else None,
            "history": expert.segments.select_related("cell", "assigned_by")[:HISTORY],
            "breadcrumbs": [
                (_("Experts"), reverse("experts:list")),
                (expert.full_name, reverse("experts:detail", args=[expert.pk])),
                (_("Segment"), None),
            ],
        },
    )
