"""Who may answer a public survey and how often (issue 19, item 7): limits per device and
survey with a ceiling per address; surveys for checked-in participants only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback import access
from feedback.models import Response, Survey
from feedback.public_views import DEVICE_COOKIE
from tests.factories.events import ParticipantFactory
from tests.feedback.conftest import valid_post

pytestmark = pytest.mark.django_db


def form_url(survey):
    return reverse("feedback:form", args=[survey.token])


def personal_url(survey, participant):
    return reverse("feedback:personal", args=[survey.token, participant.badge_token])


def answer_from_new_device(survey, data=None) -> int:
    """A new phone (own cookie jar) behind the same address opens the form and sends it."""
    phone = Client()
    phone.get(form_url(survey))
    return phone.post(form_url(survey), data or valid_post(survey)).status_code


def test_a_hall_on_one_address_is_not_limited_by_the_old_per_address_rate(survey, settings):
    settings.FEEDBACK_SUBMIT_IP_RATE = "2000/m"
    statuses = [answer_from_new_device(survey) for _ in range(130)]
    assert statuses == [302] * 130  # 120/m per address refused the 121st before
    assert Response.objects.filter(survey=survey).count() == 130


def test_the_ceiling_per_address_still_stops_a_flood(survey, settings):
    settings.FEEDBACK_SUBMIT_IP_RATE = "3/m"
    statuses = [answer_from_new_device(survey) for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Response.objects.filter(survey=survey).count() == 3


def test_posts_without_a_device_cookie_share_the_per_address_limit(client, survey, settings):
    settings.FEEDBACK_SUBMIT_NO_DEVICE_RATE = "2/m"
    statuses = []
    for _ in range(3):
        client.cookies.pop(DEVICE_COOKIE, None)
        statuses.append(client.post(form_url(survey), valid_post(survey)).status_code)
    assert statuses == [302, 302, 429]


def test_device_limit_is_per_survey(client, survey, settings):
    """A device limited on one survey may still answer another."""
    settings.FEEDBACK_SUBMIT_DEVICE_RATE = "1/m"
    client.get(form_url(survey))
    client.post(form_url(survey), {})  # invalid: counts, stores nothing
    assert client.post(form_url(survey), valid_post(survey)).status_code == 429
    other = Survey.objects.get(pk=survey.pk)
    other.pk, other.token = None, "another-token"
    other.event = ParticipantFactory().event
    other.save()
    assert client.post(form_url(other), {}).status_code == 400  # not 429: another survey


@pytest.fixture
def checked_in_survey(survey):
    survey.access = Survey.Access.CHECKED_IN
    survey.save(update_fields=["access"])
    return survey


def test_checked_in_survey_asks_for_the_badge_code(client, checked_in_survey):
    page = client.get(form_url(checked_in_survey))
    assert page.status_code == 200 and 'name="badge_code"' in page.content.decode()
    refused = client.post(form_url(checked_in_survey), valid_post(checked_in_survey))
    assert refused.status_code == 400
    assert not Response.objects.exists()


def test_badge_code_of_a_checked_in_participant_is_accepted_once(client, checked_in_survey):
    now = timezone.now()
    participant = ParticipantFactory(event=checked_in_survey.event, checked_in_at=now)
    data = valid_post(checked_in_survey) | {"badge_code": participant.badge_code.lower()}
    assert client.post(form_url(checked_in_survey), data).status_code == 302
    again = Client().post(form_url(checked_in_survey), data)  # another phone, the same badge
    assert again.status_code == 200 and "csrfmiddlewaretoken" not in again.content.decode()
    assert Response.objects.filter(survey=checked_in_survey).count() == 1
    key = Response.objects.get().device_id  # one way: names neither participant nor badge
    assert key == access.participant_response_key(survey=checked_in_survey, participant=participant)
    assert participant.badge_token.hex not in key and participant.badge_code.lower() not in key


def test_badge_code_of_someone_not_checked_in_is_refused(client, checked_in_survey):
    absent = ParticipantFactory(event=checked_in_survey.event, checked_in_at=None)
    elsewhere = ParticipantFactory(checked_in_at=timezone.now())  # another event
    for code in (absent.badge_code, elsewhere.badge_code, "ZZZZZZZZ", "", "1234"):
        data = valid_post(checked_in_survey) | {"badge_code": code}
        assert client.post(form_url(checked_in_survey), data).status_code == 400
    assert not Response.objects.exists()


def test_personal_link_after_check_in(client, checked_in_survey):
    participant = ParticipantFactory(event=checked_in_survey.event, checked_in_at=None)
    assert client.get(personal_url(checked_in_survey, participant)).status_code == 403
    participant.checked_in_at = timezone.now()
    participant.save(update_fields=["checked_in_at"])
    page = client.get(personal_url(checked_in_survey, participant))
    assert page.status_code == 200 and 'name="badge_code"' not in page.content.decode()
    post = client.post(personal_url(checked_in_survey, participant), valid_post(checked_in_survey))
    assert post.status_code == 302
    assert Client().get(personal_url(checked_in_survey, participant)).status_code == 200
    assert "csrfmiddlewaretoken" not in (
        Client().get(personal_url(checked_in_survey, participant)).content.decode()
    )  # answered: the "already answered" page, without a form


def test_personal_link_of_another_event_is_refused(client, checked_in_survey):
    stranger = ParticipantFactory(checked_in_at=timezone.now())
    assert client.get(personal_url(checked_in_survey, stranger)).status_code == 403


def test_badge_page_offers_the_personal_survey_link_after_check_in(client, checked_in_survey):
    participant = ParticipantFactory(event=checked_in_survey.event, checked_in_at=None)
    badge = reverse("events:badge", args=[participant.badge_token])
    assert 'data-testid="survey-link"' not in client.get(badge).content.decode()
    participant.checked_in_at = timezone.now()
    participant.save(update_fields=["checked_in_at"])
    html = client.get(badge).content.decode()
    assert personal_url(checked_in_survey, participant) in html
    assert participant.badge_code in html


def test_reminder_carries_the_personal_link(checked_in_survey, mailoutbox):
    from feedback.models import Reminder
    from feedback.services import reminder_send

    participant = ParticipantFactory(event=checked_in_survey.event, checked_in_at=timezone.now())
    reminder = Reminder.objects.create(
        survey=checked_in_survey, participant=participant, email=participant.email
    )
    assert reminder_send(reminder_id=reminder.pk) == "sent"
    assert personal_url(checked_in_survey, participant) in mailoutbox[0].body


def test_closed_survey_refuses_the_personal_link(client, checked_in_survey):
    participant = ParticipantFactory(event=checked_in_survey.event, checked_in_at=timezone.now())
    checked_in_survey.closes_at = timezone.now() - timedelta(minutes=1)
    checked_in_survey.save(update_fields=["closes_at"])
    assert client.get(personal_url(checked_in_survey, participant)).status_code == 410
