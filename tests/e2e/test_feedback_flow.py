"""A participant answers by the QR link on a phone; the organiser sees it in the analysis."""

import re

import pytest
from django.urls import reverse

from feedback.selectors import survey_items
from tests.e2e.conftest import login, shot
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import ExpertFactory
from tests.factories.feedback import SurveyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey(marketing_manager):
    from django.utils import timezone

    s = SurveyFactory(event__owner=marketing_manager, event__title="Школа кардиолога: ХСН")
    ProgramItemFactory(event=s.event, speaker=ExpertFactory(last_name="Иванова"))
    ProgramItemFactory(
        event=s.event, speaker=ExpertFactory(last_name="Смирнов"), starts_at=s.event.ends_at
    )
    for _ in range(4):
        ParticipantFactory(event=s.event, checked_in_at=timezone.now())
    return s


def answer_survey(phone, survey, *, nps: int, text: str) -> None:
    """Answer every question of the survey's form: 5 for ratings, `nps`, `text`."""
    for item in survey_items(survey):
        if item.question.kind == "rating":
            phone.locator(f'#{item.key} label:has(input[value="5"])').click()
        elif item.question.kind == "nps":
            phone.locator(f'#{item.key} label:has(input[value="{nps}"])').click()
        else:
            phone.locator(f"#{item.key} textarea").fill(text)


def test_participant_answers_on_a_phone_and_organiser_sees_it(
    phone_page, page, survey, marketing_manager
):
    phone = phone_page
    phone.goto(reverse("feedback:form", args=[survey.token]))
    assert phone.locator("h1").inner_text() == "Школа кардиолога: ХСН"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the form must not scroll sideways on a 360 px phone"
    shot(phone, "feedback-form-phone")

    phone.locator("button.send").click()  # nothing answered yet
    assert phone.locator("fieldset.invalid").count() >= 1
    assert phone.get_by_role("alert").is_visible()

    answer_survey(phone, survey, nps=9, text="Больше разборов клинических случаев")
    shot(phone, "feedback-form-phone-filled")
    phone.locator("button.send").click()
    phone.wait_for_url("**/thanks/")
    assert phone.locator(".done .mark").is_visible()
    shot(phone, "feedback-thanks-phone")

    phone.goto(reverse("feedback:form", args=[survey.token]))  # the same phone again
    assert phone.locator("form").count() == 0

    login(page, marketing_manager)
    page.goto(reverse("feedback:analysis", args=[survey.event_id]))
    assert page.get_by_test_id("responses").inner_text() == "1"
    assert page.get_by_text("Больше разборов клинических случаев").is_visible()
    assert page.get_by_text(re.compile(r"^25[.,]0%$")).is_visible()  # 1 of 4 checked in
    page.wait_for_function("document.querySelectorAll('canvas').length == 4")
    shot(page, "feedback-analysis-desktop")


def test_organiser_reads_the_analysis_on_a_phone(phone_page, survey, marketing_manager):
    login(phone_page, marketing_manager)
    phone_page.goto(reverse("feedback:analysis", args=[survey.event_id]))
    assert phone_page.get_by_test_id("responses").inner_text() == "0"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the analysis must not scroll sideways on a 360 px phone"
    shot(phone_page, "feedback-analysis-phone")
