"""A survey at a real lecture on a 360 px phone (issue 19, item 7): the participant checks in,
opens the badge page, answers the survey for checked-in participants with the badge code, and
downloads the attendance certificate; and a KOL proposes a change of data from the cabinet
(item 10)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from experts.models import MasterDataRequest
from feedback.models import Response, Survey
from tests.e2e.conftest import login, shot
from tests.e2e.test_feedback_flow import answer_survey
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import ExpertFactory, InstitutionFactory
from tests.factories.feedback import SurveyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lecture(marketing_manager):
    survey = SurveyFactory(
        event__owner=marketing_manager,
        event__title="Школа кардиолога: ХСН",
        access=Survey.Access.CHECKED_IN,
    )
    ProgramItemFactory(event=survey.event, speaker=ExpertFactory(last_name="Иванова"))
    participant = ParticipantFactory(
        event=survey.event, full_name="Смирнова Анна Петровна", checked_in_at=timezone.now()
    )
    return survey, participant


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_checked_in_participant_answers_with_the_badge_code_and_gets_a_certificate(
    phone_page, lecture
):
    survey, participant = lecture
    phone = phone_page
    phone.goto(reverse("feedback:form", args=[survey.token]))
    assert phone.locator("input[name=badge_code]").is_visible() and fits(phone)
    answer_survey(phone, survey, nps=10, text="Спасибо, очень полезно")
    phone.fill("input[name=badge_code]", "ABCD1234")  # not a badge of this event
    phone.locator("button.send").click()
    assert phone.locator("#badge-code .err").is_visible()
    assert phone.locator("textarea").first.input_value() == "Спасибо, очень полезно"  # kept
    shot(phone, "lecture-survey-wrong-code-phone")
    phone.fill("input[name=badge_code]", participant.badge_code)
    phone.locator("button.send").click()
    phone.wait_for_url("**/thanks/")
    assert Response.objects.filter(survey=survey).count() == 1

    phone.goto(reverse("events:badge", args=[participant.badge_token]))
    assert phone.get_by_test_id("badge-code").inner_text() == participant.badge_code
    assert fits(phone)
    shot(phone, "lecture-badge-phone")
    with phone.expect_download() as download_info:
        phone.get_by_test_id("certificate").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        assert f.read(4) == b"%PDF"


def test_personal_link_on_the_badge_page_opens_the_survey_without_a_code(phone_page, lecture):
    survey, participant = lecture
    phone = phone_page
    phone.goto(reverse("events:badge", args=[participant.badge_token]))
    phone.get_by_test_id("survey-link").click()
    phone.wait_for_load_state()
    assert phone.locator("input[name=badge_code]").count() == 0
    assert "Смирнова Анна Петровна" in phone.content() and fits(phone)
    shot(phone, "lecture-personal-survey-phone")


def test_kol_proposes_a_change_of_data_from_the_cabinet(page, kol):
    hospital = InstitutionFactory(name="Городская клиническая больница № 52")
    login(page, kol)
    page.goto(reverse("experts:cabinet_profile"))
    page.get_by_test_id("cabinet-change").click()
    page.fill("input[name=phone]", "+7 912 345-67-89")
    page.fill("input[name=city]", "Тверь")
    page.get_by_test_id("institution-search").fill("больница № 52")
    page.wait_for_selector(
        f"select[name=institution] option[value='{hospital.pk}']", state="attached"
    )
    page.select_option("select[name=institution]", value=str(hospital.pk))
    shot(page, "cabinet-change-form")
    page.locator("[data-testid=cabinet-change-form] button[type=submit]").click()
    page.wait_for_url("**/cabinet/profile/")
    assert page.get_by_test_id("profile-change-pending").is_visible()
    shot(page, "cabinet-change-pending")
    request = MasterDataRequest.objects.get(kind=MasterDataRequest.Kind.CHANGE_EXPERT)
    assert set(request.payload) == {"phone", "city", "institution"}
