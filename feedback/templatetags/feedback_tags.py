from django import template
from django.utils import translation

from feedback.analysis import survey_analysis
from feedback.models import Survey

register = template.Library()


@register.inclusion_tag("feedback/_event_panel_body.html", takes_context=True)
def feedback_event_panel(context, event):
    """The feedback card of the event page: key figures, QR downloads, link to the analysis."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("feedback.view_analysis", event):
        return {"visible": False}
    survey = Survey.objects.select_related("template", "event").filter(event=event).first()
    language = (translation.get_language() or "ru")[:2]
    return {
        "visible": True,
        "event": event,
        "survey": survey,
        "analysis": survey_analysis(survey=survey, language=language) if survey else None,
        "may_manage": user.has_perm("feedback.manage_survey", event),
    }
