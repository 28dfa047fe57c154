"""Password reset is limited per client IP and per e-mail address; over a limit the form comes
back with its input and a 429 instead of sending more mail."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("empty_cache")
PROXY = "10.0.0.2"


def reset(client, email, **meta):
    return client.post(reverse("password_reset"), {"email": email}, **meta)


def test_password_reset_over_the_per_address_limit_answers_429_and_keeps_the_input(
    client, make_user
):
    make_user(None, username="xenia", email="xenia@example.com")
    for _ in range(3):
        assert reset(client, "xenia@example.com").status_code == 302

    response = reset(client, "Xenia@Example.com")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many password reset requests" in body
    assert 'value="Xenia@Example.com"' in body
    assert len(mail.outbox) == 3


def test_password_reset_over_the_per_ip_limit_answers_429_for_that_client_only(
    settings, client, make_user
):
    settings.TRUSTED_PROXY_COUNT = 1
    spammer = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(10):
        assert reset(client, f"nobody{n}@example.com", **spammer).status_code == 302

    assert reset(client, "someone@example.com", **spammer).status_code == 429
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    assert reset(client, "someone@example.com", **spoofed).status_code == 429
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert reset(client, "someone@example.com", **colleague).status_code == 302


def test_password_reset_limits_come_from_settings(settings, client, db):
    settings.RATELIMIT_PASSWORD_RESET = "1/h"
    assert reset(client, "a@example.com").status_code == 302
    assert reset(client, "b@example.com").status_code == 429
