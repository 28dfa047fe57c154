from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.events import ProgramItemFactory
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
