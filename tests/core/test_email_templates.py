"""Every e-mail template: a plain-text one-line subject (no HTML escaping, no surrounding
whitespace), no one-time code in a subject, a text and an HTML part, the recipient's language."""

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from kolplatform.core import emails

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
NAMES = sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir())
TRICKY = 'ООО "Альфа & <Бета>"'
CODE = "734912"


def context() -> dict:
    """Every variable the e-mail templates use, text ones holding quotes, & and <...>."""
    notification = SimpleNamespace(title=f" {TRICKY}\n", body=TRICKY, url="/x/")
    return {
        "notification": notification,
        "recipient": SimpleNamespace(first_name="Анна"),
        "site_url": "https://kol.example",
        "document": TRICKY,
        "code": CODE,
        "minutes": 10,
        "expert_name": TRICKY,
        "organisation": TRICKY,
        "link": "https://kol.example/i/abc/",
        "expires_at": "05.12.2026 10:00",
        "name": TRICKY,
        "event_title": TRICKY,
        "starts": "05.12.2026 10:00",
        "place": "Москва",
        "badge_url": "https://kol.example/b/",
        "programme": [TRICKY],
        "items": [TRICKY],
        "vendor": TRICKY,
        "service": "Трансфер",
        "details": TRICKY,
        "url": "https://kol.example/v/",
        "event": SimpleNamespace(title=TRICKY),
        "survey_url": "https://kol.example/s/",
        "closes_at": datetime(2026, 12, 5, 10, 0),
    }


def test_there_are_email_templates():
    assert "generic" in NAMES and "contracts_otp" in NAMES


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_subject_is_one_plain_line_and_both_parts_exist(name, language):
    with translation.override(language):
        subject, text, html = emails.render_email(name, context())
    assert subject and subject == subject.strip() and "\n" not in subject
    for escaped in ("&quot;", "&amp;", "&lt;", "&gt;", "&#x27;", "&#39;"):
        assert escaped not in subject and escaped not in text, (name, escaped)
    assert CODE not in subject  # lock screens show subjects
    assert text.strip() and "<html" in html and "</html>" in html
    assert "<Бета>" not in html  # the HTML part escapes what the text part keeps


def test_the_one_time_code_is_in_the_body_only():
    subject, text, html = emails.render_email("contracts_otp", context())
    assert CODE not in subject and CODE in text and CODE in html


def test_subject_keeps_quotes_as_typed():
    subject, _, _ = emails.render_email("contracts_invitation", context())
    assert TRICKY in subject


@pytest.mark.django_db
def test_sent_in_the_language_of_the_user_with_that_address(make_user, settings):
    settings.LANGUAGE_CODE = "ru"  # the default for an address without a user
    make_user(username="en", email="ann@example.com", language="en")
    make_user(username="ru", email="ivan@example.com", language="ru")
    emails.send_templated_email(to=["ANN@example.com"], template="contracts_otp", context=context())
    emails.send_templated_email(
        to=["ivan@example.com"], template="contracts_otp", context=context()
    )
    emails.send_templated_email(to=["x@example.com"], template="contracts_otp", context=context())
    english, russian, unknown = mail.outbox
    assert english.subject == "Your signing code"
    assert russian.subject != english.subject and russian.subject == unknown.subject
    assert all(m.alternatives[0][1] == "text/html" for m in mail.outbox)
