import pytest
from django.db import IntegrityError

from feedback.models import Survey, new_survey_token
from tests.factories.feedback import SurveyFactory

pytestmark = pytest.mark.django_db


def test_token_is_long_and_url_safe():
    token = new_survey_token()
    assert len(token) >= 32  # 24 random bytes = 192 bits: not guessable, not enumerable
    assert all(c.isalnum() or c in "-_" for c in token)


def test_tokens_do_not_repeat():
    assert len({new_survey_token() for _ in range(5000)}) == 5000


def test_every_survey_gets_its_own_token():
    surveys = [SurveyFactory() for _ in range(5)]
    assert len({s.token for s in surveys}) == 5
    assert all(len(s.token) >= 32 for s in surveys)


def test_database_refuses_a_duplicate_token():
    first = SurveyFactory()
    second = SurveyFactory()
    with pytest.raises(IntegrityError):
        Survey.objects.filter(pk=second.pk).update(token=first.token)


def test_default_template_is_seeded_with_the_standard_questions():
    from feedback.models import SurveyTemplate

    template = SurveyTemplate.objects.get(is_default=True)
    rows = list(template.questions.values_list("code", "kind", "per_speaker"))
    assert rows == [
        ("lecturer_quality", "rating", True),
        ("content_value", "rating", True),
        ("organisation_quality", "rating", False),
        ("nps", "nps", False),
        ("improve", "text", False),
    ]
    assert all(q.text and q.text_en for q in template.questions.all())
