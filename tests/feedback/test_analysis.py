from decimal import Decimal

import pytest

from feedback import analysis
from feedback.models import Question
from feedback.services import AnswerValue, response_submit
from tests.factories.feedback import QuestionFactory, SurveyFactory, SurveyTemplateFactory
from tests.feedback.conftest import known_data

pytestmark = pytest.mark.django_db


def test_aggregates_are_exact_on_a_known_data_set(survey):
    known_data(survey)
    a, b = survey.speakers
    result = analysis.survey_analysis(survey=survey)
    assert (result.responses, result.checked_in, result.rate) == (3, 4, Decimal("75.0"))
    assert result.nps == Decimal("33.3")  # 10, 6, 9: 2 promoters, 1 detractor of 3
    assert result.comments == 1
    by_code = {qs.question.code: qs for qs in result.questions}
    lect = by_code["lecturer_quality"]
    assert lect.distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 2}
    assert (lect.count, lect.average) == (4, Decimal("4.25"))
    assert (by_code["content_value"].count, by_code["content_value"].average) == (
        4,
        Decimal("3.75"),
    )
    assert by_code["organisation_quality"].average == Decimal("4.00")
    assert by_code["nps"].distribution[10] == 1 and by_code["nps"].count == 3
    assert by_code["improve"].count == 1
    speakers = {s.speaker: s for s in result.speakers}
    assert [(s[1], s[2]) for s in speakers[a].scores] == [
        (Decimal("4.50"), 2),
        (Decimal("4.00"), 2),
    ]
    assert (speakers[a].average, speakers[a].count) == (Decimal("4.25"), 4)
    assert [(s[1], s[2]) for s in speakers[b].scores] == [
        (Decimal("4.00"), 2),
        (Decimal("3.50"), 2),
    ]
    assert (speakers[b].average, speakers[b].count) == (Decimal("3.75"), 4)
    assert [s.speaker for s in result.speakers] == [a, b]  # best first


def test_choice_distribution_counts_each_option():
    template = SurveyTemplateFactory()
    options = [
        {"key": "1", "ru": "Да", "en": "Yes"},
        {"key": "2", "ru": "Нет", "en": "No"},
        {"key": "3", "ru": "Не знаю", "en": "Not sure"},
    ]
    q = QuestionFactory(template=template, kind=Question.Kind.MULTIPLE, choices=options)
    survey = SurveyFactory(template=template)
    for n, keys in enumerate([["1", "2"], ["1"], ["1", "2"], []]):
        response_submit(
            survey=survey,
            device_id=str(n),
            answers=[AnswerValue(question_id=q.pk, value_choices=keys)],
        )
    stats = analysis.survey_analysis(survey=survey, language="en").questions[0]
    assert stats.choices == [("Yes", 3), ("No", 2), ("Not sure", 0)]


def test_analysis_without_answers_has_no_figures(survey):
    result = analysis.survey_analysis(survey=survey)
    assert (result.responses, result.rate, result.nps, result.speakers) == (0, None, None, [])
