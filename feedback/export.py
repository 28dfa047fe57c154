"""XLSX export of one event's feedback: summary, speakers, every response, comments."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from feedback.analysis import survey_analysis
from feedback.models import Answer, Question, Response, Survey
from feedback.selectors import survey_items
from kolplatform.core.exports import xlsx_append


def analysis_xlsx(*, survey: Survey, language: str) -> bytes:
    result = survey_analysis(survey=survey, language=language)
    wb = Workbook(write_only=True)
    summary = wb.create_sheet(_("Summary"))
    xlsx_append(summary, [_("Event"), str(survey.event)])
    xlsx_append(summary, [_("Responses"), result.responses])
    xlsx_append(summary, [_("Checked in"), result.checked_in])
    xlsx_append(summary, [_("Response rate, %"), result.rate])
    xlsx_append(summary, [_("NPS"), result.nps])
    xlsx_append(summary, [])
    xlsx_append(summary, [_("Question"), _("Answers"), _("Average"), _("NPS"), _("Distribution")])
    for qs in result.questions:
        spread = qs.distribution or dict(qs.choices)
        xlsx_append(
            summary,
            [
                qs.question.text_for(language),
                qs.count,
                qs.average,
                qs.nps,
                "; ".join(f"{k}: {v}" for k, v in spread.items()),
            ],
        )
    speakers = wb.create_sheet(_("Speakers"))
    xlsx_append(speakers, [_("Speaker"), _("Average"), _("Ratings")])
    for sp in result.speakers:
        xlsx_append(speakers, [sp.speaker.full_name, sp.average, sp.count])
    _responses_sheet(wb, survey, language)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _responses_sheet(wb, survey: Survey, language: str) -> None:
    """One row per response, one column per form item (per-speaker questions per speaker)."""
    items = survey_items(survey)
    sheet = wb.create_sheet(_("Responses"))
    header = [_("Submitted"), _("Contact name"), _("Contact e-mail")]
    for item in items:
        text = item.question.text_for(language)
        header.append(f"{text} — {item.speaker.full_name}" if item.speaker else text)
    xlsx_append(sheet, header)
    column = {(i.question.pk, i.speaker.pk if i.speaker else None): n for n, i in enumerate(items)}
    labels = {
        q.pk: dict(q.choice_pairs(language))
        for q in survey.template.questions.filter(
            kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE]
        )
    }
    responses = Response.objects.filter(survey=survey).order_by("submitted_at", "pk")
    answers = Answer.objects.filter(survey=survey).order_by("response_id")
    by_response: dict[int, list] = {}
    for a in answers.values_list(
        "response_id", "question_id", "speaker_id", "value_int", "value_text", "value_choices"
    ).iterator(chunk_size=5000):
        by_response.setdefault(a[0], []).append(a[1:])
    for r in responses.values_list("pk", "submitted_at", "contact_name", "contact_email"):
        row = [timezone.localtime(r[1]).replace(tzinfo=None), r[2], r[3]] + [None] * len(items)
        for question_id, speaker_id, value_int, value_text, choices in by_response.get(r[0], []):
            n = column.get((question_id, speaker_id))
            if n is None:
                continue
            if value_int is not None:
                row[3 + n] = value_int
            elif choices:
                row[3 + n] = ", ".join(labels.get(question_id, {}).get(k, k) for k in choices)
            else:
                row[3 + n] = value_text
        xlsx_append(sheet, row)
