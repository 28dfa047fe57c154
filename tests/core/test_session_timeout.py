"""Sessions end after 30 minutes idle or 12 hours after sign-in for staff, and after 2 hours idle
or 24 hours for KOLs (settings); the user goes to the sign-in form with `next` kept."""

import time

import pytest
from django.http import QueryDict
from django.urls import reverse

from kolplatform.core.session_timeout import (
    SEEN_KEY,
    STARTED_KEY,
    SessionLimits,
    session_expired,
)

MINUTE, HOUR = 60, 3600
PASSWORD = "pass12345!"


def signed_in(client, user):
    """Sign in through the form; return the client."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def age_session(client, *, idle=0, since_sign_in=0):
    """Move the session's stamps into the past (as if the clock had moved on)."""
    session = client.session
    now = time.time()
    session[SEEN_KEY] = now - idle
    session[STARTED_KEY] = now - max(idle, since_sign_in)
    session.save()


def assert_sent_to_sign_in(response, next_path):
    assert response.status_code == 302
    query = QueryDict(mutable=True)
    query["next"] = next_path
    assert response["Location"] == reverse("login") + "?" + query.urlencode(safe="/")


@pytest.fixture
def staff_page():
    return reverse("reference_data")


@pytest.fixture
def kol_page():
    return reverse("contracts:cabinet_home")


def test_staff_session_ends_after_thirty_idle_minutes(client, field_staff, staff_page):
    signed_in(client, field_staff)
    age_session(client, idle=31 * MINUTE)

    assert_sent_to_sign_in(client.get(staff_page), staff_page)
    assert "_auth_user_id" not in client.session
    assert_sent_to_sign_in(client.get(staff_page), staff_page)  # ended, not only redirected


def test_staff_session_lives_while_used_within_thirty_minutes(client, field_staff, staff_page):
    signed_in(client, field_staff)
    age_session(client, idle=29 * MINUTE, since_sign_in=11 * HOUR)

    assert client.get(staff_page).status_code == 200
    assert time.time() - client.session[SEEN_KEY] < MINUTE  # the visit counts as activity


def test_staff_session_ends_twelve_hours_after_sign_in_even_when_active(
    client, field_staff, staff_page
):
    signed_in(client, field_staff)
    age_session(client, idle=MINUTE, since_sign_in=12 * HOUR + MINUTE)

    assert_sent_to_sign_in(client.get(staff_page + "?kind=products"), staff_page + "?kind=products")


def test_kol_session_survives_an_hour_idle_and_thirteen_hours(client, kol, kol_page):
    signed_in(client, kol)
    age_session(client, idle=HOUR, since_sign_in=13 * HOUR)

    assert client.get(kol_page).status_code == 200


def test_kol_session_ends_after_two_idle_hours(client, kol, kol_page):
    signed_in(client, kol)
    age_session(client, idle=2 * HOUR + MINUTE)

    assert_sent_to_sign_in(client.get(kol_page), kol_page)


def test_kol_session_ends_twenty_four_hours_after_sign_in(client, kol, kol_page):
    signed_in(client, kol)
    age_session(client, idle=MINUTE, since_sign_in=24 * HOUR + MINUTE)

    assert_sent_to_sign_in(client.get(kol_page), kol_page)


def test_kol_limits_come_from_settings(settings, client, kol, kol_page):
    settings.SESSION_KOL_IDLE_MINUTES = 10
    signed_in(client, kol)
    age_session(client, idle=11 * MINUTE)

    assert_sent_to_sign_in(client.get(kol_page), kol_page)


def test_expired_form_post_returns_to_the_page_it_was_sent_from(client, field_staff):
    signed_in(client, field_staff)
    age_session(client, idle=HOUR)

    response = client.post(
        reverse("set_language"),
        {"language": "en"},
        HTTP_REFERER="http://testserver/reference/?kind=regions",
    )
    assert_sent_to_sign_in(response, "/reference/?kind=regions")


def test_expired_htmx_request_redirects_the_whole_page(client, field_staff):
    signed_in(client, field_staff)
    age_session(client, idle=HOUR)

    response = client.get(
        reverse("reference_data"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/reference/?kind=areas",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/reference/%3Fkind%3Dareas"


def test_the_sign_in_page_says_the_session_expired(client, field_staff, staff_page):
    signed_in(client, field_staff)
    age_session(client, idle=HOUR)

    response = client.get(staff_page, follow=True)
    assert "Your session has expired" in response.content.decode()


def test_signing_in_again_restarts_the_absolute_limit(client, field_staff, staff_page):
    signed_in(client, field_staff)
    age_session(client, idle=MINUTE, since_sign_in=12 * HOUR - MINUTE)

    signed_in(client, field_staff)
    assert time.time() - client.session[STARTED_KEY] < MINUTE


def test_a_post_to_the_sign_in_form_goes_through_an_expired_session(client, field_staff):
    signed_in(client, field_staff)
    age_session(client, idle=HOUR)

    response = client.post(reverse("login"), {"username": "field", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("reference_data")).status_code == 200


@pytest.mark.parametrize(
    ("idle", "age", "expired"),
    [
        (0, 0, False),
        (30 * MINUTE, 30 * MINUTE, False),  # exactly at the limit: still alive
        (30 * MINUTE + 1, 30 * MINUTE + 1, True),
        (MINUTE, 12 * HOUR, False),
        (MINUTE, 12 * HOUR + 1, True),
        (-HOUR, -HOUR, False),  # a clock that went backwards ends nothing
    ],
)
def test_session_expired_rule(idle, age, expired):
    now = 1_000_000.0
    limits = SessionLimits(idle=30 * MINUTE, absolute=12 * HOUR)
    assert (
        session_expired(started=now - age, last_seen=now - idle, now=now, limits=limits) is expired
    )
