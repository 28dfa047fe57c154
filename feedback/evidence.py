"""The feedback of an event (and the ratings of a speaker in a year) in an evidence pack
(kolplatform/core/evidence.py): the survey summary computed as on the analysis page."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from feedback.analysis import survey_analysis
from feedback.models import Survey
from kolplatform.core.evidence import csv_file


def _blank(value):
    return "" if value is None else value


def event_feedback(*, event):
    """EVIDENCE_EVENT of feedback: summary.csv of the event's survey (none without a survey)."""
    survey = Survey.objects.filter(event=event).select_related("template", "event").first()
    if survey is None:
        return
    language = get_language() or "ru"
    result = survey_analysis(survey=survey, language=language)
    rows = [
        [_("Responses"), result.responses, "", ""],
        [_("Checked in"), result.checked_in, "", ""],
        [_("Response rate, %"), _blank(result.rate), "", ""],
        [_("NPS"), _blank(result.nps), "", ""],
        [_("Comments"), result.comments, "", ""],
    ]
    for qs in result.questions:
        spread = qs.distribution or dict(qs.choices)
        rows.append(
            [
                qs.question.text_for(language),
                qs.count,
                _blank(qs.average),
                "; ".join(f"{k}: {v}" for k, v in spread.items()),
            ]
        )
    for sp in result.speakers:
        rows.append([_("Speaker: %(name)s") % {"name": sp.speaker.full_name}, sp.count,
                     _blank(sp.average), ""])  # fmt: skip
    header = [_("Figure or question"), _("Answers"), _("Average"), _("Distribution")]
    yield csv_file("feedback/summary.csv", _("Feedback summary"), header, rows)


def expert_year_feedback(*, expert, year: int):
    """EVIDENCE_EXPERT_YEAR of feedback: the expert's scores in the surveys of `year`."""
    surveys = Survey.objects.filter(
        event__program_items__speaker=expert, event__starts_at__year=year
    ).distinct()
    rows = []
    for survey in surveys.select_related("template", "event").order_by("event__starts_at", "pk"):
        result = survey_analysis(survey=survey, language=get_language() or "ru")
        for sp in result.speakers:
            if sp.speaker.pk == expert.pk:
                rows.append([survey.event.title, sp.count, _blank(sp.average)])
    header = [_("Event"), _("Ratings"), _("Average")]
    yield csv_file("feedback/ratings.csv", _("Speaker ratings"), header, rows)
