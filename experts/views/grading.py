"""Grading: start an assessment, score it, submit, approve or reject; the rate-card page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from experts.errors import ExpertsError
from experts.forms import AssessmentScoresForm, DecisionForm
from experts.models import Assessment, RateCard, ServiceType, Tier
from experts.selectors import assessment_get_for_user, expert_get_for_user
from experts.services.grading import (
    assessment_approve,
    assessment_reject,
    assessment_score,
    assessment_start,
    assessment_submit,
)
from experts.views.common import require_perm, require_staff


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start_view(request, pk: int):
    expert = expert_get_for_user(user=request.user, pk=pk)
    require_perm(request.user, "experts.add_assessment", expert)
    draft = expert.assessments.filter(status=Assessment.Status.DRAFT).first()
    if draft:
        return redirect("experts:assessment", pk=draft.pk)
    try:
        assessment = assessment_start(expert=expert, actor=request.user)
    except ExpertsError as error:
        messages.error(request, error.message)
        return redirect("experts:detail", pk=pk)
    return redirect("experts:assessment", pk=assessment.pk)


def _assessment_for(request, pk: int) -> Assessment:
    return assessment_get_for_user(user=request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_view(request, pk: int):
    """Score a draft (save, or save and submit); see and decide a submitted one."""
    assessment = _assessment_for(request, pk)
    editable = assessment.status == Assessment.Status.DRAFT and request.user.has_perm(
        "experts.add_assessment", assessment.expert
    )
    form = AssessmentScoresForm(request.POST or None, assessment=assessment)
    if request.method == "POST":
        if not editable:
            require_perm(request.user, "experts.add_assessment", None)
            messages.error(request, _("Only a draft assessment can be changed."))
            return redirect("experts:assessment", pk=pk)
        if form.is_valid():
            try:
                assessment = assessment_score(
                    assessment=assessment,
                    actor=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
                if "submit" in request.POST:
                    assessment_submit(assessment=assessment, actor=request.user)
                    messages.success(request, _("Assessment submitted for approval."))
                else:
                    messages.success(request, _("Scores saved."))
            except ExpertsError as error:
                messages.error(request, error.message)
            return redirect("experts:assessment", pk=pk)
    thresholds = assessment.scheme.thresholds
    return render(
        request,
        "experts/assessment.html",
        {
            "assessment": assessment,
            "expert": assessment.expert,
            "form": form,
            "editable": editable,
            "can_decide": assessment.status == Assessment.Status.SUBMITTED
            and request.user.has_perm("experts.decide_assessment", assessment),
            "decision_form": DecisionForm(),
            "thresholds": [(Tier(t).label, v) for t, v in thresholds.items()],
        },
    )


@login_required
@require_POST
def assessment_decide_view(request, pk: int, decision: str):
    if decision not in ("approve", "reject"):
        raise Http404
    assessment = _assessment_for(request, pk)
    require_perm(request.user, "experts.decide_assessment", assessment)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if decision == "approve":
            assessment_approve(assessment=assessment, actor=request.user, comment=comment)
            messages.success(request, _("Assessment approved; the tier is updated."))
            return redirect("experts:detail", pk=assessment.expert_id)
        assessment_reject(assessment=assessment, actor=request.user, comment=comment)
        messages.info(request, _("Assessment rejected."))
    except ExpertsError as error:
        messages.error(request, error.message)
    return redirect("experts:assessment", pk=pk)


@login_required
def rate_cards_view(request):
    """Rate cards in force today (tier x service type) and the full history below."""
    require_staff(request.user)
    today = timezone.localdate()
    cards = list(
        RateCard.objects.select_related("currency").order_by("tier", "service_type", "-valid_from")
    )
    current = {}
    for card in cards:
        if card.valid_from <= today and (card.valid_to is None or card.valid_to >= today):
            current.setdefault((card.tier, card.service_type), card)
    matrix = [
        (Tier(t).label, [current.get((t, s)) for s in ServiceType.values]) for t in Tier.values
    ]
    return render(
        request,
        "experts/rate_cards.html",
        {"matrix": matrix, "services": ServiceType.labels, "cards": cards, "today": today},
    )
