import importlib
import random
from collections import Counter

import pytest
from django.apps import apps

from feedback import analysis
from feedback.errors import AlreadyAnswered
from feedback.models import Answer, Question, Tally
from feedback.services import AnswerValue, response_submit
from feedback.tallies import tally_keys
from tests.factories.feedback import QuestionFactory, SurveyFactory, SurveyTemplateFactory
from tests.feedback.conftest import known_data

pytestmark = pytest.mark.django_db


def recount(survey) -> Counter:
    """The tallies the survey's stored answers imply, counted from scratch."""
    return tally_keys(survey_id=survey.pk, answers=Answer.objects.filter(survey=survey))


def stored(survey) -> Counter:
    rows = Tally.objects.filter(survey=survey).values_list(
        "survey_id", "question_id", "speaker_key", "value", "n"
    )
    return Counter({(s, q, sp, v): n for s, q, sp, v, n in rows if n})


def test_tally_keys_count_scale_values_options_and_texts():
    answers = [
        AnswerValue(question_id=1, speaker_id=7, value_int=5),
        AnswerValue(question_id=1, speaker_id=7, value_int=5),
        AnswerValue(question_id=1, value_int=0),
        AnswerValue(question_id=2, value_choices=["a", "b"]),
        AnswerValue(question_id=3, value_text="Спасибо"),
    ]
    assert tally_keys(survey_id=9, answers=answers) == Counter(
        {
            (9, 1, 7, "5"): 2,
            (9, 1, 0, "0"): 1,  # a zero on the NPS scale is a value, not "no answer"
            (9, 2, 0, "a"): 1,
            (9, 2, 0, "b"): 1,
            (9, 2, 0, ""): 1,
            (9, 3, 0, ""): 1,
        }
    )


def _random_submissions(survey, n: int, seed: int) -> None:
    rng = random.Random(seed)
    a, b = survey.speakers
    questions = {q.code: q for q in survey.template.questions.all()}
    for device in range(n):
        answers = [
            AnswerValue(question_id=questions["nps"].pk, value_int=rng.randint(0, 10)),
            AnswerValue(questions["organisation_quality"].pk, value_int=rng.randint(1, 5)),
        ]
        for speaker in (a, b):
            if rng.random() < 0.7:
                answers.append(
                    AnswerValue(
                        questions["lecturer_quality"].pk,
                        speaker_id=speaker.pk,
                        value_int=rng.randint(1, 5),
                    )
                )
        if rng.random() < 0.4:
            answers.append(AnswerValue(questions["improve"].pk, value_text="Больше практики"))
        response_submit(survey=survey, device_id=f"d{device}", answers=answers)


def test_tallies_equal_a_recount_of_the_answers(survey):
    _random_submissions(survey, 60, seed=3)
    assert stored(survey) == recount(survey)


def test_a_refused_duplicate_adds_nothing_to_the_tallies(survey):
    known_data(survey)
    before = stored(survey)
    q = survey.template.questions.get(code="nps")
    with pytest.raises(AlreadyAnswered):
        response_submit(survey=survey, device_id="1", answers=[AnswerValue(q.pk, value_int=0)])
    assert stored(survey) == before == recount(survey)


def test_tallies_of_one_survey_leave_another_alone(survey):
    other = SurveyFactory()
    q = other.template.questions.get(code="nps")
    response_submit(survey=other, device_id="x", answers=[AnswerValue(q.pk, value_int=10)])
    known_data(survey)
    assert analysis.survey_analysis(survey=other).nps == 100
    assert stored(survey) == recount(survey)


def test_migration_counts_answers_stored_before_tallies(survey):
    template = SurveyTemplateFactory()
    options = [{"key": "1", "ru": "Да", "en": "Yes"}, {"key": "2", "ru": "Нет", "en": "No"}]
    choice = QuestionFactory(template=template, kind=Question.Kind.MULTIPLE, choices=options)
    with_choices = SurveyFactory(template=template)
    response_submit(
        survey=with_choices,
        device_id="c",
        answers=[AnswerValue(question_id=choice.pk, value_choices=["1", "2"])],
    )
    known_data(survey)
    expected = stored(survey) + stored(with_choices)
    Tally.objects.all().delete()
    migration = importlib.import_module("feedback.migrations.0006_answer_tallies")
    migration.count_existing_answers(apps, None)
    assert stored(survey) + stored(with_choices) == expected


def test_admin_cannot_change_or_delete_responses_behind_the_tallies(client, admin_user, survey):
    known_data(survey)
    response = survey.responses.first()
    client.force_login(admin_user)
    assert client.get(f"/admin/feedback/response/{response.pk}/change/").status_code == 200
    assert client.post(f"/admin/feedback/response/{response.pk}/delete/").status_code == 403
    assert survey.responses.filter(pk=response.pk).exists()
    assert stored(survey) == recount(survey)
