"""The month calendar: a few events a day, the others behind "+N more" (a link to the list of that
day), in a number of queries that does not grow with the events (a thousand a day at the target
scale). Runs the lateral query on PostgreSQL and the query a day elsewhere."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.selectors import CALENDAR_PER_DAY, event_calendar_days
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

MONTH = date(2031, 3, 1)
URL = f"{reverse('events:calendar')}?year=2031&month=3"


def at(day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(2031, 3, day, hour))


def events_on(day: int, n: int, **kwargs) -> list:
    return [
        EventFactory(starts_at=at(day, 8 + i % 12) + timedelta(minutes=i), **kwargs)
        for i in range(n)
    ]


def test_a_full_day_shows_its_first_events_and_links_the_rest(client, marketing_manager):
    events = events_on(10, CALENDAR_PER_DAY + 3)
    EventFactory(
        starts_at=at(11, 0) - timedelta(minutes=1), title="Поздний вечер"
    )  # 23:59, the 10th
    events_on(11, 1)
    client.force_login(marketing_manager)
    html = client.get(URL).content.decode()

    first = sorted(events, key=lambda e: e.starts_at)[:CALENDAR_PER_DAY]
    for event in first:
        assert reverse("events:detail", args=[event.pk]) in html
    assert html.count("+4 more") == 2  # the grid and the phone list: 7 + the late one − 4
    day_list = f"{reverse('events:list')}?date_from=2031-03-10&amp;date_to=2031-03-10"
    assert day_list in html
    assert "+1 more" not in html  # the 11th has one event
    listed = client.get(f"{reverse('events:list')}?date_from=2031-03-10&date_to=2031-03-10")
    assert listed.content.decode().count("/events/") >= CALENDAR_PER_DAY + 4


def test_the_days_hold_only_the_month_and_what_the_user_may_see(field_staff):
    own = events_on(3, 2, owner=field_staff)
    team = EventFactory(starts_at=at(3, 20))
    team.team.add(field_staff)
    events_on(3, 5)  # others' events
    EventFactory(starts_at=at(1, 0) - timedelta(minutes=1), owner=field_staff)  # February
    days = event_calendar_days(user=field_staff, first=MONTH, last=date(2031, 3, 31))
    assert list(days) == [3]
    assert [e.pk for e in days[3].events] == [*(e.pk for e in own), team.pk]
    assert (days[3].total, days[3].more) == (3, 0)


def test_queries_do_not_grow_with_the_events(client, marketing_manager):
    client.force_login(marketing_manager)
    events_on(2, 2)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for day in (2, 5, 17, 31):
        events_on(day, CALENDAR_PER_DAY + 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(many) == len(few)
    if connection.vendor == "postgresql":
        assert len(many) <= 8
    assert len(response.content) < 80 * 1024
