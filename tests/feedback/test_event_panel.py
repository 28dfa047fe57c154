import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from feedback.services import AnswerValue, response_submit
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def _render(event, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("feedback/_event_panel.html", {"event": event}, request=request)


def test_panel_shows_figures_and_downloads_to_staff_who_see_the_event(survey, marketing_manager):
    nps = survey.template.questions.get(code="nps")
    response_submit(
        survey=survey, device_id="1", answers=[AnswerValue(question_id=nps.pk, value_int=10)]
    )
    html = _render(survey.event, marketing_manager)
    assert 'id="feedback-panel"' in html
    assert f"/feedback/events/{survey.event_id}/poster.pdf" in html
    assert f"/feedback/events/{survey.event_id}/" in html
    assert "100,0" in html or "100.0" in html  # NPS of the one answer


def test_panel_offers_to_create_the_survey(marketing_manager):
    event = EventFactory(owner=marketing_manager)
    assert f"/feedback/events/{event.pk}/survey/" in _render(event, marketing_manager)


@pytest.mark.parametrize("persona", ["kol", "field_staff", "other_kol"])
def test_panel_is_empty_for_those_who_may_not_see_the_analysis(personas, survey, persona):
    assert _render(survey.event, personas[persona]).strip() == ""
