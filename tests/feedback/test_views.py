import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from feedback.models import Survey, SurveyTemplate
from feedback.services import AnswerValue, response_submit
from tests.factories.events import EventFactory, ProgramItemFactory
from tests.factories.feedback import SurveyFactory
from tests.url_access import SIGNED_IN_PERSONAS

pytestmark = pytest.mark.django_db

ALL = SIGNED_IN_PERSONAS
# Whoever may view the event (events.view_event: managers, approvers of every kind, admin).
VIEWERS = {"marketing_manager", "approver", "legal", "compliance", "finance", "admin"}
MANAGERS = {"marketing_manager", "admin"}
OVERVIEW_VIEWERS = {"marketing_manager", "compliance", "admin"}


def _status(client, user, url, method="get"):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url).status_code


@pytest.fixture
def event_survey(survey, kol):
    ProgramItemFactory(event=survey.event, speaker=kol.expert)  # a KOL speaking still sees none
    return survey


@pytest.mark.parametrize("name", ["analysis", "analysis_xlsx", "qr_svg", "qr_png", "poster"])
def test_event_pages_for_each_role(client, personas, event_survey, name):
    url = reverse(f"feedback:{name}", args=[event_survey.event_id])
    for persona in ALL:
        expected = 200 if persona in VIEWERS else 403
        assert _status(client, personas[persona], url) == expected, persona
    assert _status(client, None, url) == 302


def test_team_member_of_the_event_sees_its_analysis(client, field_staff, event_survey):
    url = reverse("feedback:analysis", args=[event_survey.event_id])
    assert _status(client, field_staff, url) == 403
    event_survey.event.team.add(field_staff)
    assert _status(client, field_staff, url) == 200


def test_survey_settings_for_each_role(client, personas, event_survey):
    url = reverse("feedback:survey_edit", args=[event_survey.event_id])
    for persona in ALL:
        expected = 200 if persona in MANAGERS else 403
        assert _status(client, personas[persona], url) == expected, persona
    assert _status(client, None, url) == 302


@pytest.mark.parametrize(
    "name, allowed",
    [("template_list", MANAGERS), ("template_create", MANAGERS), ("overview", OVERVIEW_VIEWERS)],
)
def test_staff_pages_for_each_role(client, personas, name, allowed):
    url = reverse(f"feedback:{name}")
    for persona in ALL:
        assert _status(client, personas[persona], url) == (200 if persona in allowed else 403), (
            persona
        )
    assert _status(client, None, url) == 302


def test_unknown_event_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("feedback:analysis", args=[999999])).status_code == 404


def test_create_survey_from_the_event(client, marketing_manager):
    event = EventFactory(owner=marketing_manager)
    client.force_login(marketing_manager)
    url = reverse("feedback:survey_edit", args=[event.pk])
    form = client.get(url)
    assert (
        form.context["form"].initial["template"] == SurveyTemplate.objects.get(is_default=True).pk
    )
    start = timezone.localtime(event.starts_at)
    data = {
        "template": SurveyTemplate.objects.get(is_default=True).pk,
        "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (start + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "is_anonymous": "on",
    }
    bad = client.post(url, data | {"closes_at": start.strftime("%Y-%m-%dT%H:%M")})
    assert bad.status_code == 200 and bad.context["form"].errors["closes_at"]
    done = client.post(url, data)
    assert done.status_code == 302
    survey = Survey.objects.get(event=event)
    assert survey.is_anonymous and survey.template.is_frozen
    data["is_anonymous"] = ""
    client.post(url, data)
    survey.refresh_from_db()
    assert not survey.is_anonymous


def test_analysis_shows_figures_and_comments(client, marketing_manager, survey):
    improve = survey.template.questions.get(code="improve")
    response_submit(
        survey=survey,
        device_id="1",
        answers=[AnswerValue(question_id=improve.pk, value_text="Больше клинических случаев")],
    )
    client.force_login(marketing_manager)
    page = client.get(reverse("feedback:analysis", args=[survey.event_id]))
    html = page.content.decode()
    assert "Больше клинических случаев" in html
    assert 'data-testid="responses">1<' in html
    assert "chart.umd.min.js" in html


def test_analysis_of_event_without_survey_offers_to_create_it(client, marketing_manager):
    event = EventFactory(owner=marketing_manager)
    client.force_login(marketing_manager)
    html = client.get(reverse("feedback:analysis", args=[event.pk])).content.decode()
    assert reverse("feedback:survey_edit", args=[event.pk]) in html


def _fill(survey, n):
    org = survey.template.questions.get(code="organisation_quality")
    imp = survey.template.questions.get(code="improve")
    lect = survey.template.questions.get(code="lecturer_quality")
    for i in range(n):
        response_submit(
            survey=survey,
            device_id=f"{n}-{i}",
            answers=[
                AnswerValue(question_id=org.pk, value_int=1 + i % 5),
                AnswerValue(question_id=imp.pk, value_text=f"Комментарий {i}"),
                *[
                    AnswerValue(question_id=lect.pk, speaker_id=s.pk, value_int=5)
                    for s in getattr(survey, "speakers", [])
                ],
            ],
        )


def test_analysis_query_count_does_not_grow_with_responses(
    client, marketing_manager, survey, django_assert_max_num_queries
):
    client.force_login(marketing_manager)
    url = reverse("feedback:analysis", args=[survey.event_id])
    _fill(survey, 3)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _fill(survey, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_overview_query_count_does_not_grow_with_events(
    client, marketing_manager, django_assert_max_num_queries
):
    client.force_login(marketing_manager)
    url = reverse("feedback:overview")
    for _ in range(2):
        _fill(SurveyFactory(), 2)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    for _ in range(8):
        _fill(SurveyFactory(), 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_xlsx_export_has_one_row_per_response(client, marketing_manager, survey):
    _fill(survey, 3)
    client.force_login(marketing_manager)
    content = client.get(reverse("feedback:analysis_xlsx", args=[survey.event_id])).content
    wb = load_workbook(io.BytesIO(content))
    rows = list(wb["Responses" if "Responses" in wb.sheetnames else wb.sheetnames[2]].values)
    assert len(rows) == 1 + 3
    assert any(str(survey.speakers[0].full_name) in str(c) for c in rows[0])


def test_qr_and_poster_downloads(client, marketing_manager, survey):
    client.force_login(marketing_manager)
    svg = client.get(reverse("feedback:qr_svg", args=[survey.event_id]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("feedback:qr_png", args=[survey.event_id]))
    assert png.content.startswith(b"\x89PNG")
    pdf = client.get(reverse("feedback:poster", args=[survey.event_id]))
    assert pdf.content.startswith(b"%PDF")


def test_template_edit_of_a_used_version_creates_a_new_one(client, marketing_manager, survey):
    template = survey.template
    SurveyTemplate.objects.filter(pk=template.pk).update(is_frozen=True)
    client.force_login(marketing_manager)
    url = reverse("feedback:template_edit", args=[template.pk])
    page = client.get(url)
    formset = page.context["formset"]
    data = {
        "name": template.name,
        "name_en": "Standard",
        "q-TOTAL_FORMS": len(formset.forms),
        "q-INITIAL_FORMS": formset.initial_form_count(),
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 40,
    }
    for i, form in enumerate(formset.forms):
        for key, value in form.initial.items():
            if isinstance(value, bool):
                if value:
                    data[f"q-{i}-{key}"] = "on"
            else:
                data[f"q-{i}-{key}"] = value
    last = len(formset.forms) - 1
    data[f"q-{last}-kind"] = "single"
    data[f"q-{last}-text"] = "Откуда вы узнали о мероприятии?"
    data[f"q-{last}-choices_text"] = "Коллеги | Colleagues\nРассылка | Newsletter"
    data[f"q-{last}-required"] = "on"
    done = client.post(url, data)
    assert done.status_code == 302, done.context and done.context["formset"].errors
    new = SurveyTemplate.objects.get(family=template.family, version=2)
    assert new.questions.count() == 6 and template.questions.count() == 5
    assert new.questions.get(kind="single").choices[1] == {
        "key": "2",
        "ru": "Рассылка",
        "en": "Newsletter",
    }


def test_template_choice_question_needs_options(client, marketing_manager):
    client.force_login(marketing_manager)
    data = {
        "name": "T",
        "name_en": "",
        "q-TOTAL_FORMS": 1,
        "q-INITIAL_FORMS": 0,
        "q-MIN_NUM_FORMS": 0,
        "q-MAX_NUM_FORMS": 40,
        "q-0-kind": "single",
        "q-0-text": "Выбор",
        "q-0-choices_text": "Один",
        "q-0-required": "on",
    }
    page = client.post(reverse("feedback:template_create"), data)
    assert page.status_code == 200
    assert page.context["formset"].forms[0].errors["choices_text"]
