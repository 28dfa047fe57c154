"""The sign-in lock-out counts wrong passwords per username and client IP together, with the
client IP taken from the trusted proxy's X-Forwarded-For entry: ten wrong passwords lock that
account from that address only, never everyone behind the proxy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kolplatform.core.client_ip import client_ip

PASSWORD = "pass12345!"
PROXY = "10.0.0.2"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10


@pytest.fixture
def users(make_user):
    return make_user(None, username="xenia"), make_user(None, username="yuri")


def sign_in(client, username, password=PASSWORD, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def fail_ten_times(client, username, **meta):
    """Nine wrong passwords are answered by the form; the tenth locks."""
    for _ in range(9):
        assert sign_in(client, username, "wrong", **meta).status_code == 200
    assert sign_in(client, username, "wrong", **meta).status_code == 429


def test_ten_wrong_passwords_lock_that_user_from_that_address_only(axes_on, client, users):
    fail_ten_times(client, "xenia", REMOTE_ADDR="192.0.2.1")

    locked = sign_in(client, "xenia", REMOTE_ADDR="192.0.2.1")
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    assert sign_in(client, "xenia", REMOTE_ADDR="192.0.2.2").status_code == 302
    client.logout()
    assert sign_in(client, "yuri", REMOTE_ADDR="192.0.2.1").status_code == 302


def test_behind_the_proxy_the_lock_follows_the_forwarded_client(axes_on, settings, client, users):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_ten_times(client, "xenia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")

    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert sign_in(client, "xenia", **attacker).status_code == 429
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert sign_in(client, "xenia", **colleague).status_code == 302
    client.logout()
    assert sign_in(client, "yuri", **attacker).status_code == 302


def test_a_spoofed_forwarded_entry_cannot_escape_the_lock(axes_on, settings, client, users):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_ten_times(client, "xenia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")

    # The client sends its own X-Forwarded-For; the proxy appends the real address.
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    assert sign_in(client, "xenia", **spoofed).status_code == 429


def test_a_successful_sign_in_clears_the_count_of_wrong_passwords(axes_on, client, users):
    for _ in range(9):
        assert sign_in(client, "xenia", "wrong").status_code == 200
    assert sign_in(client, "xenia").status_code == 302
    client.logout()

    for _ in range(9):
        assert sign_in(client, "xenia", "wrong").status_code == 200
    assert sign_in(client, "xenia").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(axes_on, client, users):
    fail_ten_times(client, "xenia", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    forged = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert sign_in(client, "xenia", **forged).status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "192.0.2.1"),  # no proxy: the header is the client's invention
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the left entry was sent by the client
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # two proxies of ours
        (2, "203.0.113.5", "192.0.2.1"),  # shorter than our chain: bypassed a proxy
        (1, "", "192.0.2.1"),
        (1, "not-an-ip", "192.0.2.1"),
        (1, "203.0.113.5:51234", "203.0.113.5"),
        (1, "[2001:db8::1]:51234", "2001:db8::1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_takes_the_entry_our_outermost_proxy_wrote(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
