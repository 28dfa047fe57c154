from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.services import AnswerValue, response_submit
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import ExpertFactory
from tests.factories.feedback import SurveyFactory


@pytest.fixture
def survey(db, marketing_manager):
    """An open survey (standard template) of a past event owned by the marketing manager, with
    two speakers in its programme (the first speaks twice)."""
    s = SurveyFactory(event__owner=marketing_manager)
    first, second = ExpertFactory(last_name="Иванов"), ExpertFactory(last_name="Петров")
    start = s.event.starts_at
    ProgramItemFactory(event=s.event, speaker=first, starts_at=start)
    ProgramItemFactory(event=s.event, speaker=second, starts_at=start + timedelta(hours=1))
    ProgramItemFactory(event=s.event, speaker=first, starts_at=start + timedelta(hours=2))
    ProgramItemFactory(event=s.event, speaker=None, starts_at=start + timedelta(hours=3))
    s.speakers = [first, second]
    return s


def valid_post(survey, *, rating=5, nps=9, text="Больше практики"):
    """A complete valid POST body for the standard template of `survey`."""
    from feedback.selectors import survey_items

    data = {}
    for item in survey_items(survey):
        kind = item.question.kind
        data[item.key] = {"rating": rating, "nps": nps}.get(kind, text)
    return data


@pytest.fixture
def closed_survey(survey):
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save(update_fields=["closes_at"])
    return survey


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The persona factories hash passwords; a fast hasher keeps the role matrices quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached analyses and rate-limit counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


def known_data(survey):
    """Three responses with hand-computed figures (see test_analysis.py)."""
    a, b = survey.speakers
    code = {q.code: q for q in survey.template.questions.all()}
    lect, cont, org = code["lecturer_quality"], code["content_value"], code["organisation_quality"]
    nps, imp = code["nps"], code["improve"]

    def v(q, value, speaker=None):
        if q.kind == "text":
            return AnswerValue(question_id=q.pk, value_text=value)
        return AnswerValue(question_id=q.pk, speaker_id=speaker and speaker.pk, value_int=value)

    first = [v(lect, 5, a), v(cont, 4, a), v(lect, 3, b), v(cont, 2, b), v(org, 5), v(nps, 10)]
    response_submit(survey=survey, device_id="1", answers=[*first, v(imp, "Больше практики")])
    second = [v(lect, 4, a), v(cont, 4, a), v(lect, 5, b), v(cont, 5, b), v(org, 3), v(nps, 6)]
    response_submit(survey=survey, device_id="2", answers=second)
    response_submit(survey=survey, device_id="3", answers=[v(org, 4), v(nps, 9)])
    now = timezone.now()
    for _ in range(4):
        ParticipantFactory(event=survey.event, checked_in_at=now)
    ParticipantFactory(event=survey.event, checked_in_at=None)
