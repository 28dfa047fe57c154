from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import services
from feedback.errors import AlreadyAnswered, SurveyClosed, SurveyExists
from feedback.models import Question, Response, SurveyTemplate
from feedback.services import AnswerValue
from tests.factories.events import EventFactory
from tests.factories.feedback import SurveyFactory, standard_template

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "kind": "rating",
        "text": "Оценка",
        "text_en": "Rating",
        "choices": [],
        "per_speaker": False,
        "required": True,
        "code": "r",
    },
    {
        "kind": "single",
        "text": "Откуда узнали?",
        "text_en": "",
        "per_speaker": False,
        "choices": [{"key": "1", "ru": "Коллеги", "en": "Colleagues"}],
        "required": False,
        "code": "",
    },
]


def test_template_created_with_questions_in_order(marketing_manager):
    t = services.template_save(
        template=None, name="Новая", name_en="New", questions=QUESTIONS, actor=marketing_manager
    )
    assert (t.version, t.is_frozen, t.is_default) == (1, False, False)
    assert list(t.questions.values_list("order", "text")) == [(1, "Оценка"), (2, "Откуда узнали?")]


def test_unused_template_is_edited_in_place(marketing_manager):
    t = services.template_save(
        template=None, name="Новая", name_en="", questions=QUESTIONS, actor=marketing_manager
    )
    again = services.template_save(
        template=t, name="Новая 2", name_en="", questions=QUESTIONS[:1], actor=marketing_manager
    )
    assert again.pk == t.pk and again.version == 1
    assert again.questions.count() == 1


def test_used_template_is_frozen_and_editing_creates_next_version(marketing_manager):
    default = standard_template()
    survey = SurveyFactory(template=default)
    SurveyTemplate.objects.filter(pk=default.pk).update(is_frozen=True)  # as survey_create does
    default.refresh_from_db()
    new = services.template_save(
        template=default,
        name=default.name,
        name_en="",
        questions=QUESTIONS,
        actor=marketing_manager,
    )
    default.refresh_from_db()
    assert new.pk != default.pk and new.family == default.family and new.version == 2
    assert new.is_default and not default.is_default  # the default moves to the new version
    assert default.questions.count() == 5  # the answered version is untouched
    assert survey.template_id == default.pk


def test_survey_create_freezes_its_template_and_is_one_per_event(marketing_manager):
    event = EventFactory(owner=marketing_manager)
    template = standard_template()
    opens, closes = services.survey_default_times(event)
    assert closes == event.ends_at + timedelta(days=7)
    survey = services.survey_create(
        event=event,
        template=template,
        opens_at=opens,
        closes_at=closes,
        is_anonymous=True,
        actor=marketing_manager,
    )
    template.refresh_from_db()
    assert template.is_frozen and survey.event == event
    with pytest.raises(SurveyExists):
        services.survey_create(
            event=event,
            template=template,
            opens_at=opens,
            closes_at=closes,
            is_anonymous=True,
            actor=marketing_manager,
        )


def _answers(survey):
    q = survey.template.questions.get(code="organisation_quality")
    return [AnswerValue(question_id=q.pk, value_int=4)]


def test_submit_stores_response_and_answers_with_survey():
    survey = SurveyFactory()
    response = services.response_submit(survey=survey, device_id="d1", answers=_answers(survey))
    answer = response.answers.get()
    assert (answer.value_int, answer.survey_id) == (4, survey.pk)


def test_closed_survey_refuses():
    survey = SurveyFactory(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(SurveyClosed):
        services.response_submit(survey=survey, device_id="d1", answers=_answers(survey))
    assert not Response.objects.exists()


def test_not_yet_open_survey_refuses():
    survey = SurveyFactory(opens_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(SurveyClosed):
        services.response_submit(survey=survey, device_id="d1", answers=_answers(survey))


@pytest.mark.parametrize("offset, is_open", [(timedelta(0), True), (timedelta(seconds=-1), False)])
def test_survey_open_bounds(offset, is_open):
    survey = SurveyFactory()
    assert survey.is_open_at(survey.opens_at + offset) is is_open
    assert survey.is_open_at(survey.closes_at) is False


def test_duplicate_submission_from_one_device_refused():
    survey = SurveyFactory()
    services.response_submit(survey=survey, device_id="same", answers=_answers(survey))
    with pytest.raises(AlreadyAnswered):
        services.response_submit(survey=survey, device_id="same", answers=_answers(survey))
    assert Response.objects.count() == 1
    assert survey.answers.count() == 1  # the refused one left no answers behind


def test_anonymous_survey_drops_contact_details():
    survey = SurveyFactory(is_anonymous=True)
    r = services.response_submit(
        survey=survey, device_id="d", answers=[], contact_name="Анна", contact_email="a@x.ru"
    )
    assert (r.contact_name, r.contact_email) == ("", "")
    named = SurveyFactory(is_anonymous=False)
    r = services.response_submit(
        survey=named, device_id="d", answers=[], contact_name="Анна", contact_email="a@x.ru"
    )
    assert (r.contact_name, r.contact_email) == ("Анна", "a@x.ru")


def test_make_default_leaves_exactly_one(marketing_manager):
    other = services.template_save(
        template=None, name="Другая", name_en="", questions=QUESTIONS, actor=marketing_manager
    )
    services.template_make_default(template=other, actor=marketing_manager)
    assert list(SurveyTemplate.objects.filter(is_default=True)) == [other]
    assert Question.objects.filter(template=other).count() == 2
