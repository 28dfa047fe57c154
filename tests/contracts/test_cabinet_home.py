"""The KOL cabinet's home: the cards contributed by events and payments show the KOL's own data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from payments import services
from tests.factories.events import EventFactory, ParticipantFactory
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
URL = reverse("contracts:cabinet_home")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _event_for(expert, title, *, days):
    event = EventFactory(title=title, starts_at=timezone.now() + timedelta(days=days))
    ParticipantFactory(event=event, expert=expert)
    return event


def test_home_lists_own_upcoming_events_soonest_first(client, kol, other_kol):
    _event_for(kol.expert, "Later school", days=30)
    _event_for(kol.expert, "Sooner school", days=3)
    _event_for(kol.expert, "Past school", days=-10)
    _event_for(other_kol.expert, "Someone else's school", days=5)
    client.force_login(kol)
    html = client.get(URL).content.decode()
    assert html.index("Sooner school") < html.index("Later school")
    assert "Past school" not in html
    assert "Someone else" not in html
    assert "2 upcoming" in html


def test_home_lists_own_payouts_in_progress_with_status(client, kol, other_kol, finance):
    own = services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    theirs = services.payout_create_from_act(act=signed_act(expert=other_kol.expert), actor=finance)
    client.force_login(kol)
    response = client.get(URL)
    html = response.content.decode()
    assert reverse("payments:cabinet_detail", args=[own.pk]) in html
    assert reverse("payments:cabinet_detail", args=[theirs.pk]) not in html
    assert own.get_status_display() in html
    assert "1 in progress" in html


def test_home_shows_empty_cards(client, kol):
    client.force_login(kol)
    html = client.get(URL).content.decode()
    assert "No upcoming events." in html
    assert "No payouts in progress." in html


def test_home_query_count_is_constant(client, kol, finance, django_assert_num_queries):
    client.force_login(kol)
    for day in (3, 4):
        _event_for(kol.expert, f"School {day}", days=day)
    services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for day in range(5, 12):
        _event_for(kol.expert, f"School {day}", days=day)
    for _ in range(4):
        services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    with django_assert_num_queries(len(few)):
        client.get(URL)


@pytest.mark.parametrize("persona", ["marketing_manager", "finance", "field_staff"])
def test_staff_cannot_open_the_cabinet(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
