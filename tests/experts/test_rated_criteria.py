"""A grading criterion computed from the speaker's ratings (issue 19, item 9): the average over
the rating window (feedback, through hooks.SPEAKER_RATING), a minimum number of ratings, shown
with its source, frozen from submission on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from experts.grading import score_from_rating
from experts.models import AssessmentScore, GradingCriterion
from experts.services.grading import (
    assessment_approve,
    assessment_score,
    assessment_start,
    assessment_submit,
)
from feedback.models import Question, Response
from feedback.services import AnswerValue, response_submit
from kolplatform.core.roles import Role
from tests.factories.experts import ExpertFactory
from tests.factories.feedback import SurveyFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize(
    ("average", "count", "minimum", "max_score", "expected"),
    [
        (None, 0, 5, 5, None),
        (D("5.00"), 4, 5, 5, None),  # too few ratings
        (D("4.50"), 5, 5, 5, 5),  # half up
        (D("4.49"), 5, 5, 5, 4),
        (D("1.00"), 9, 5, 5, 1),
        (D("3.20"), 9, 5, 10, 6),
        (D("5.00"), 1, 0, 5, 5),  # a minimum of 0 still needs one rating
    ],
)
def test_score_from_rating(average, count, minimum, max_score, expected):
    assert (
        score_from_rating(average=average, count=count, min_ratings=minimum, max_score=max_score)
        == expected
    )


@pytest.fixture
def rated_criterion():
    return GradingCriterion.objects.get(source=GradingCriterion.Source.SPEAKER_RATING)


def rate(expert, values, *, days_ago=10):
    """One response per value rating `expert` as a speaker, submitted `days_ago` days ago."""
    survey = SurveyFactory()
    question = survey.template.questions.filter(kind=Question.Kind.RATING, per_speaker=True)[0]
    for n, value in enumerate(values):
        response = response_submit(
            survey=survey,
            device_id=f"d{n}",
            answers=[AnswerValue(question_id=question.pk, speaker_id=expert.pk, value_int=value)],
        )
        Response.objects.filter(pk=response.pk).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )


def the_row(assessment, criterion) -> AssessmentScore:
    return assessment.scores.get(criterion=criterion)


def test_enough_ratings_in_the_window_score_the_criterion(make_user, rated_criterion):
    expert = ExpertFactory()
    rate(expert, [5, 5, 4, 4, 5])  # average 4.60
    rate(expert, [1, 1, 1, 1, 1], days_ago=400)  # outside the 12-month window
    a = assessment_start(expert=expert, actor=make_user(Role.FIELD_STAFF))
    row = the_row(a, rated_criterion)
    assert (row.score, row.computed) == (5, True)
    assert "4.60" in row.evidence and "5" in row.evidence


def test_too_few_ratings_leave_it_to_the_assessor(make_user, rated_criterion):
    expert = ExpertFactory()
    rate(expert, [5, 5])
    grader = make_user(Role.FIELD_STAFF)
    a = assessment_start(expert=expert, actor=grader)
    row = the_row(a, rated_criterion)
    assert (row.score, row.computed) == (None, False)
    assert "at least 5" in row.evidence
    assessment_score(assessment=a, actor=grader, scores={rated_criterion.pk: (3, "seen live")})
    assert the_row(a, rated_criterion).score == 3


def test_a_computed_score_is_not_typed_over_and_freezes_on_submission(make_user, rated_criterion):
    expert = ExpertFactory()
    rate(expert, [4, 4, 4, 4, 4])
    grader, steward = make_user(Role.FIELD_STAFF), make_user(Role.MARKETING_MANAGER)
    a = assessment_start(expert=expert, actor=grader)
    scores = {c.pk: (c.max_score, "x") for c in GradingCriterion.objects.filter(is_active=True)}
    a = assessment_score(assessment=a, actor=grader, scores=scores)
    assert the_row(a, rated_criterion).score == 4  # not the 5 typed
    a = assessment_submit(assessment=a, actor=grader)
    rate(expert, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])  # later ratings do not change it
    a = assessment_approve(assessment=a, actor=steward)
    row = the_row(a, rated_criterion)
    assert (row.score, row.computed) == (4, True) and "4.00" in row.evidence


def test_assessment_page_shows_the_computed_score_with_its_source(
    client, make_user, rated_criterion
):
    expert = ExpertFactory()
    rate(expert, [5, 4, 5, 4, 5])
    grader = make_user(Role.FIELD_STAFF)
    a = assessment_start(expert=expert, actor=grader)
    client.force_login(grader)
    html = client.get(reverse("experts:assessment", args=[a.pk])).content.decode()
    assert 'data-testid="computed-score"' in html
    assert "Speaker ratings in event surveys" in html and "4.60" in html
    assert f'name="score_{rated_criterion.pk}"' not in html  # not editable
