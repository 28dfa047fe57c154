import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from feedback.models import Answer, Response
from feedback.public_views import DEVICE_COOKIE
from tests.feedback.conftest import valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def url(survey):
    return reverse("feedback:form", args=[survey.token])


def test_form_opens_without_login_and_sets_the_device_cookie(client, survey):
    page = client.get(url(survey))
    assert page.status_code == 200
    assert DEVICE_COOKIE in page.cookies
    html = page.content.decode()
    assert survey.event.title in html
    for speaker in survey.speakers:  # per-speaker questions once per speaker
        assert html.count(speaker.full_name) == 1
    lect = survey.template.questions.get(code="lecturer_quality")
    assert html.count(f'name="q{lect.pk}_s') == 2 * 5  # two speakers x five radio buttons


def test_submit_stores_response_and_shows_thank_you(client, survey):
    client.get(url(survey))
    done = client.post(url(survey), valid_post(survey), follow=True)
    assert done.redirect_chain[-1][0] == reverse("feedback:thanks", args=[survey.token])
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(survey=survey).count() == 2 * 2 + 3
    first = survey.speakers[0]
    assert Answer.objects.filter(speaker=first, question__code="lecturer_quality").count() == 1


def test_duplicate_submission_from_one_device_refused(client, survey):
    client.get(url(survey))
    client.post(url(survey), valid_post(survey))
    again = client.post(url(survey), valid_post(survey, rating=1))
    assert again.status_code == 200
    assert "already" in again.content.decode().lower() or "уже" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert not Answer.objects.filter(survey=survey, value_int=1).exists()
    revisit = client.get(url(survey))
    assert 'name="csrfmiddlewaretoken"' not in revisit.content.decode()  # no form again


def test_forged_device_cookie_is_replaced(client, survey):
    client.cookies[DEVICE_COOKIE] = "forged"
    page = client.get(url(survey))
    assert page.cookies[DEVICE_COOKIE].value != "forged"


def test_closed_survey_refuses_with_a_clear_page(client, closed_survey):
    page = client.get(url(closed_survey))
    assert page.status_code == 410
    assert "form" not in re.findall(r"<(form)\b", page.content.decode())
    posted = client.post(url(closed_survey), valid_post(closed_survey))
    assert posted.status_code == 410
    assert not Response.objects.exists()


def test_unknown_token_gets_a_clear_page(client):
    page = client.get(reverse("feedback:form", args=["no-such-token"]))
    assert page.status_code == 404
    assert "QR" in page.content.decode()


def test_invalid_answers_are_shown_next_to_the_field_and_nothing_typed_is_lost(client, survey):
    client.get(url(survey))
    data = valid_post(survey, text="Мой подробный комментарий")
    nps = survey.template.questions.get(code="nps")
    org = survey.template.questions.get(code="organisation_quality")
    data[f"q{nps.pk}"] = "11"  # out of the 0-10 scale
    del data[f"q{org.pk}"]  # required, missing
    page = client.post(url(survey), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Мой подробный комментарий" in html
    assert re.search(rf'<fieldset class="q invalid" id="q{nps.pk}">', html)
    assert re.search(rf'<fieldset class="q invalid" id="q{org.pk}">', html)
    first = survey.speakers[0]
    lect = survey.template.questions.get(code="lecturer_quality")
    assert f'name="q{lect.pk}_s{first.pk}" value="5" checked' in html
    assert not Response.objects.exists()


def test_optional_text_may_be_left_empty(client, survey):
    client.get(url(survey))
    client.post(url(survey), valid_post(survey, text=""))
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(question__code="improve").exists()


def test_contact_fields_only_on_named_surveys(client, survey):
    assert 'name="contact_email"' not in client.get(url(survey)).content.decode()
    survey.is_anonymous = False
    survey.save(update_fields=["is_anonymous"])
    assert 'name="contact_email"' in client.get(url(survey)).content.decode()
    data = valid_post(survey) | {"contact_name": "Анна", "contact_email": "not-an-email"}
    page = client.post(url(survey), data)
    assert page.status_code == 400 and "Анна" in page.content.decode()
    client.post(url(survey), data | {"contact_email": "anna@example.com"})
    assert Response.objects.get().contact_email == "anna@example.com"


def test_rate_limit_per_device_keeps_what_was_typed(client, survey, settings):
    settings.FEEDBACK_SUBMIT_DEVICE_RATE = "2/m"
    client.get(url(survey))
    bad = valid_post(survey, text="Сохранится") | {
        f"q{survey.template.questions.get(code='nps').pk}": ""
    }
    client.post(url(survey), bad)
    client.post(url(survey), bad)
    limited = client.post(url(survey), valid_post(survey, text="Сохранится"))
    assert limited.status_code == 429
    assert "Сохранится" in limited.content.decode()
    assert not Response.objects.exists()


def test_language_switch_to_english(client, survey):
    page = client.get(url(survey) + "?lang=en")
    html = page.content.decode()
    assert 'lang="en"' in html
    assert survey.template.questions.get(code="nps").text_en in html
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_page_weight_is_under_50_kb(client, survey):
    """HTML + own CSS + own JS of the form; no Bootstrap or htmx is loaded there."""
    html = client.get(url(survey)).content
    assert b"bootstrap" not in html and b"htmx" not in html
    # Its one script is its own small file (the CSP allows no inline script).
    assert re.findall(rb"<script[^>]*>", html) == [b'<script src="/static/feedback/form.js">']
    css = Path(settings.BASE_DIR, "static", "feedback", "form.css").read_bytes()
    js = Path(settings.BASE_DIR, "static", "feedback", "form.js").read_bytes()
    assert len(html) + len(css) + len(js) < 50 * 1024


def test_thank_you_page(client, survey):
    page = client.get(reverse("feedback:thanks", args=[survey.token]))
    assert page.status_code == 200 and survey.event.title in page.content.decode()
