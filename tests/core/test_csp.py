"""Content-Security-Policy: every page is sent with a policy that allows scripts only from our
static files, and the pages themselves hold no inline script and no event-handler attribute (a
browser under that policy would refuse to run them)."""

import re

import pytest
from django.urls import reverse

from tests.factories.contracts import ContractDocumentFactory
from tests.factories.events import EventFactory
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.feedback import SurveyFactory

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"] + policy["style-src-elem"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def inline_scripts(html: str) -> list[str]:
    """<script> tags without src that a browser would run (JSON data blocks are not run)."""
    return [
        attrs
        for attrs in SCRIPT_TAG.findall(html)
        if "src=" not in attrs and 'type="application/json"' not in attrs
    ]


def assert_no_inline_code(response):
    html = response.content.decode()
    assert inline_scripts(html) == []
    assert EVENT_HANDLER.findall(html) == []


@pytest.fixture
def pages(db, field_staff, kol):
    event = EventFactory(owner=field_staff)
    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    ConsentFactory(expert=kol.expert)
    survey = SurveyFactory()
    return {
        "anonymous": [reverse("login"), reverse("password_reset"), survey.get_absolute_url()],
        "field_staff": [
            reverse("home"),
            reverse("experts:list"),
            reverse("experts:detail", args=[expert.pk]),
            reverse("events:detail", args=[event.pk]),
            reverse("analytics:dashboard"),
            reverse("analytics:kol", args=[expert.pk]),
        ],
        "kol": [reverse("contracts:cabinet_home"), reverse("experts:cabinet_profile")],
        "admin_user": [reverse("admin:index"), reverse("admin:core_user_changelist")],
    }


def test_main_pages_have_a_strict_policy_and_no_inline_code(
    client, pages, field_staff, kol, admin_user
):
    users = {"field_staff": field_staff, "kol": kol, "admin_user": admin_user}
    for who, urls in pages.items():
        client.logout()
        if who != "anonymous":
            client.force_login(users[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            assert_strict_policy(response)
            assert_no_inline_code(response)


def test_the_checker_finds_inline_code():
    html = (
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        "<script>alert(1)</script><form onsubmit=\"return confirm('x')\"></form>"
    )
    assert inline_scripts(html) == [""]
    assert EVENT_HANDLER.findall(html) == ["onsubmit"]


def test_htmx_is_told_not_to_inject_styles_or_evaluate(client, field_staff):
    client.force_login(field_staff)
    html = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_the_signing_pdf_may_be_framed_by_our_own_pages_only(client, kol):
    document = ContractDocumentFactory(contract__expert=kol.expert)
    client.force_login(kol)
    url = reverse("contracts:document_file", args=[document.pk, "original"]) + "?inline=1"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert directives(response)["frame-ancestors"] == ["'self'"]
