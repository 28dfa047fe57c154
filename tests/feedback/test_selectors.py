from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from feedback import selectors
from feedback.models import Answer
from feedback.services import AnswerValue, response_submit
from tests.factories.core import ProductFactory, RegionFactory
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.feedback import QuestionFactory, SurveyFactory, SurveyTemplateFactory
from tests.feedback.conftest import known_data

pytestmark = pytest.mark.django_db


def _q(survey, code):
    return survey.template.questions.get(code=code)


def test_per_speaker_questions_expand_for_each_speaker_speaker_by_speaker(survey):
    first, second = survey.speakers
    items = [(i.question.code, i.speaker) for i in selectors.survey_items(survey)]
    assert items == [
        ("lecturer_quality", first),
        ("content_value", first),
        ("lecturer_quality", second),
        ("content_value", second),
        ("organisation_quality", None),
        ("nps", None),
        ("improve", None),
    ]
    keys = [i.key for i in selectors.survey_items(survey)]
    assert len(set(keys)) == len(keys)


def test_without_speakers_per_speaker_questions_are_left_out():
    survey = SurveyFactory()
    codes = [i.question.code for i in selectors.survey_items(survey)]
    assert codes == ["organisation_quality", "nps", "improve"]


def test_non_consecutive_per_speaker_questions_keep_template_order():
    template = SurveyTemplateFactory()
    a = QuestionFactory(template=template, order=1, per_speaker=True)
    b = QuestionFactory(template=template, order=2)
    c = QuestionFactory(template=template, order=3, per_speaker=True, kind="text")
    survey = SurveyFactory(template=template)
    s1, s2 = ExpertFactory(), ExpertFactory()
    ProgramItemFactory(event=survey.event, speaker=s1)
    ProgramItemFactory(
        event=survey.event, speaker=s2, starts_at=survey.event.starts_at + timedelta(hours=1)
    )
    items = [(i.question, i.speaker) for i in selectors.survey_items(survey)]
    assert items == [(a, s1), (a, s2), (b, None), (c, s1), (c, s2)]


def test_speaker_rating_averages_the_last_months(survey):
    known_data(survey)
    a, _ = survey.speakers
    assert selectors.speaker_rating(expert=a) == (Decimal("4.25"), 4)
    old = Answer.objects.filter(speaker=a).first().response
    type(old).objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=400))
    assert selectors.speaker_rating(expert=a) == (Decimal("4.00"), 2)  # response 1 fell out
    assert selectors.speaker_rating(expert=ExpertFactory()) == (None, 0)


@pytest.mark.parametrize(
    "moment, months, expected",
    [
        ((2026, 3, 31), 1, (2026, 2, 28)),
        ((2026, 1, 15), 12, (2025, 1, 15)),
        ((2024, 3, 30), 1, (2024, 2, 29)),
        ((2026, 12, 1), 11, (2026, 1, 1)),
    ],
)
def test_months_ago(moment, months, expected):
    from datetime import datetime

    assert selectors.months_ago(datetime(*moment), months).date() == datetime(*expected).date()


def test_feedback_summary_filters_by_product_region_speaker_and_period(survey):
    known_data(survey)
    a, b = survey.speakers
    product, region = ProductFactory(), survey.event.region
    survey.event.products.add(product)
    other = SurveyFactory(event__region=RegionFactory())
    response_submit(
        survey=other,
        device_id="x",
        answers=[AnswerValue(question_id=_q(other, "organisation_quality").pk, value_int=1)],
    )
    everything = selectors.feedback_summary(filters={})
    assert (everything.surveys, everything.responses) == (2, 4)
    topics = {t.key: t for t in everything.topics}
    assert topics["organisation_quality"].average == Decimal("3.25")  # 5, 3, 4, 1
    by_product = selectors.feedback_summary(filters={"product": product})
    assert (by_product.surveys, by_product.responses, by_product.nps) == (1, 3, Decimal("33.3"))
    assert selectors.feedback_summary(filters={"region": region}).responses == 3
    day = survey.event.starts_at.date()
    assert selectors.feedback_summary(filters={"date_from": day + timedelta(days=1)}).surveys == 0
    by_speaker = selectors.feedback_summary(filters={"speaker": b})
    assert [(s.speaker, s.average, s.count) for s in by_speaker.speakers] == [
        (b, Decimal("3.75"), 4)
    ]
    rows = list(everything.events)
    assert {(r.event_id, r.n_responses) for r in rows} == {
        (survey.event_id, 3),
        (other.event_id, 1),
    }


def test_reminder_recipients_respect_check_in_email_and_consent(survey):
    now = timezone.now()
    walk_in = ParticipantFactory(event=survey.event, checked_in_at=now, email="a@x.ru")
    ParticipantFactory(event=survey.event, checked_in_at=None, email="b@x.ru")
    ParticipantFactory(event=survey.event, checked_in_at=now, email="")
    allowed = ExpertFactory(email="exp@x.ru")
    ConsentFactory(expert=allowed, allows_email=True)
    refused = ExpertFactory()
    ConsentFactory(expert=refused, allows_email=True, given_at=now - timedelta(days=9))
    ConsentFactory(expert=refused, allows_email=False, given_at=now - timedelta(days=1))
    withdrawn = ExpertFactory()
    ConsentFactory(expert=withdrawn, withdrawn_at=now)
    via_expert = ParticipantFactory(event=survey.event, checked_in_at=now, email="", expert=allowed)
    ParticipantFactory(event=survey.event, checked_in_at=now, expert=refused)
    ParticipantFactory(event=survey.event, checked_in_at=now, expert=withdrawn)
    ParticipantFactory(event=survey.event, checked_in_at=now, expert=ExpertFactory())  # no consent
    assert sorted(selectors.survey_reminder_recipients(survey=survey)) == sorted(
        [(walk_in.pk, "a@x.ru"), (via_expert.pk, "exp@x.ru")]
    )
