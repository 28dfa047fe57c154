"""Staff pages of feedback: templates, the event's survey, QR downloads, analysis, overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experts.models import Expert
from feedback import analysis as feedback_analysis
from feedback import qr, selectors, services
from feedback.errors import SurveyExists
from feedback.export import analysis_xlsx
from feedback.forms import (
    OverviewFilterForm,
    QuestionForm,
    QuestionFormSet,
    SurveyForm,
    TemplateForm,
)
from feedback.models import Survey, SurveyTemplate
from kolplatform.core.audit import audit_log
from kolplatform.core.downloads import download_response
from kolplatform.core.models import AuditLog

COMMENTS_PER_PAGE = 25
EVENTS_PER_PAGE = 25


def _require(user, perm: str, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _language() -> str:
    return (translation.get_language() or "ru")[:2]


# --- templates -------------------------------------------------------------------------------


@login_required
def template_list(request):
    _require(request.user, "feedback.manage_templates")
    return render(request, "feedback/template_list.html", {"templates": selectors.template_list()})


@login_required
def template_edit(request, pk: int | None = None):
    """Create or edit a template; saving a frozen (used) version creates the next version."""
    _require(request.user, "feedback.manage_templates")
    template = get_object_or_404(SurveyTemplate, pk=pk) if pk else None
    initial_questions = (
        [QuestionForm.initial_for(q) for q in template.questions.order_by("order", "pk")]
        if template
        else []
    )
    form = TemplateForm(
        request.POST or None,
        initial={"name": template.name, "name_en": template.name_en} if template else None,
    )
    formset = QuestionFormSet(request.POST or None, initial=initial_questions, prefix="q")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = services.template_save(
            template=template,
            name=form.cleaned_data["name"],
            name_en=form.cleaned_data["name_en"],
            questions=formset.questions(),
            actor=request.user,
        )
        if template and saved.pk != template.pk:
            messages.success(
                request,
                _("Version %(v)s was in use; saved as version %(n)s.")
                % {"v": template.version, "n": saved.version},
            )
        else:
            messages.success(request, _("Template saved."))
        return redirect("feedback:template_list")
    context = {"template": template, "form": form, "formset": formset}
    return render(request, "feedback/template_form.html", context)


@login_required
@require_POST
def template_make_default(request, pk: int):
    _require(request.user, "feedback.manage_templates")
    template = get_object_or_404(SurveyTemplate, pk=pk)
    services.template_make_default(template=template, actor=request.user)
    messages.success(request, _("%(name)s is now the default template.") % {"name": template})
    return redirect("feedback:template_list")


# --- the event's survey ----------------------------------------------------------------------


def _survey_of(event) -> Survey:
    survey = Survey.objects.select_related("template", "event").filter(event=event).first()
    if survey is None:
        raise Http404(_("This event has no survey yet."))
    return survey


@login_required
def survey_edit(request, event_pk: int):
    """Create the event's survey, or change its times and anonymity."""
    event = selectors.event_get_for_feedback(user=request.user, pk=event_pk, write=True)
    survey = Survey.objects.filter(event=event).first()
    if survey is None:
        opens_at, closes_at = services.survey_default_times(event)
        instance = Survey(
            event=event,
            template=selectors.template_default(),
            opens_at=opens_at,
            closes_at=closes_at,
        )
    else:
        instance = survey
    form = SurveyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if survey is None:
            try:
                services.survey_create(
                    event=event,
                    template=d["template"],
                    opens_at=d["opens_at"],
                    closes_at=d["closes_at"],
                    is_anonymous=d["is_anonymous"],
                    access=d["access"],
                    actor=request.user,
                )
            except SurveyExists:
                messages.info(request, _("The event already has a survey."))
            else:
                messages.success(request, _("Survey created. Show its QR code at the event."))
        else:
            services.survey_update(
                survey=survey,
                opens_at=d["opens_at"],
                closes_at=d["closes_at"],
                is_anonymous=d["is_anonymous"],
                access=d["access"],
                actor=request.user,
            )
            messages.success(request, _("Survey saved."))
        return redirect("feedback:analysis", event_pk=event.pk)
    context = {"event": event, "survey": survey, "form": form}
    return render(request, "feedback/survey_form.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return download_response(content, filename=filename, content_type=content_type)


@login_required
def survey_qr(request, event_pk: int, kind: str):
    """The QR code as SVG or PNG, or the printable A4 poster (PDF)."""
    event = selectors.event_get_for_feedback(user=request.user, pk=event_pk)
    survey = _survey_of(event)
    name = f"feedback-event-{event.pk}"
    if kind == "svg":
        return _download(qr.qr_svg(survey), "image/svg+xml", f"{name}.svg")
    if kind == "png":
        return _download(qr.qr_png(survey), "image/png", f"{name}.png")
    return _download(qr.poster_pdf(survey, language=_language()), "application/pdf", f"{name}.pdf")


# --- analysis --------------------------------------------------------------------------------


@login_required
def analysis(request, event_pk: int):
    event = selectors.event_get_for_feedback(user=request.user, pk=event_pk)
    survey = Survey.objects.select_related("template", "event").filter(event=event).first()
    context = {
        "event": event,
        "survey": survey,
        "may_manage": request.user.has_perm("feedback.manage_survey", event),
        "now": timezone.now(),
    }
    if survey is not None:
        result = feedback_analysis.survey_analysis(survey=survey, language=_language())
        comments = Paginator(selectors.survey_comments(survey=survey), COMMENTS_PER_PAGE)
        context |= {
            "analysis": result,
            "comments": comments.get_page(request.GET.get("page")),
            "public_url": services.survey_public_url(survey),
            "charts": _chart_data(result),
        }
    return render(request, "feedback/analysis.html", context)


def _chart_data(result) -> list[dict]:
    charts = []
    for i, qs in enumerate(result.questions):
        if qs.question.is_scale:
            labels, values = list(qs.distribution), list(qs.distribution.values())
        elif qs.question.is_choice:
            labels, values = [c[0] for c in qs.choices], [c[1] for c in qs.choices]
        else:
            continue
        charts.append({"id": f"chart-{i}", "labels": [str(x) for x in labels], "values": values})
    return charts


@login_required
def analysis_export(request, event_pk: int):
    event = selectors.event_get_for_feedback(user=request.user, pk=event_pk)
    survey = _survey_of(event)
    content = analysis_xlsx(survey=survey, language=_language())
    audit_log(actor=request.user, obj=survey, action=AuditLog.Action.EXPORT, comment="xlsx")
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"feedback-event-{event.pk}.xlsx",
    )


@login_required
def overview(request):
    """Feedback across events, by product, region, speaker and period."""
    _require(request.user, "feedback.view_overview")
    form = OverviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    summary = selectors.feedback_summary(filters=filters, language=_language())
    speaker = None
    if filters.get("speaker"):
        speaker = Expert.objects.filter(pk=filters["speaker"]).first()
    events = Paginator(summary.events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "summary": summary,
        "events": events,
        "speaker": speaker,
        "query": query.urlencode(),
    }
    return render(request, "feedback/overview.html", context)
