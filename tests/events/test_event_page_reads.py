"""The event page reads each thing once: the notice rule, the notices, the checklist, the
programme, and the permission facts (team, the manager's regions and products), however many
permissions the page asks (edit, evidence, the feedback panel)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import closing
from events.models import Event
from kolplatform.core.roles import Role
from tests.events.conftest import set_status
from tests.factories.events import ProgramItemFactory

pytestmark = pytest.mark.django_db

ONCE = {
    "notice rule": 'FROM "events_noticerule"',
    "notices": 'FROM "events_regulatornotice"',
    "checklist": 'FROM "events_checklistitem"',
    "programme": 'FROM "events_programitem"',
    "team": 'INNER JOIN "events_event_team"',
    "regions": 'INNER JOIN "core_user_regions"',
    "products": 'INNER JOIN "core_user_products"',
}


def test_closing_event_page_reads_each_thing_once(client, draft_event, make_user, compliance):
    manager = make_user(Role.MARKETING_MANAGER, username="other_manager")  # not owner nor team
    event = set_status(draft_event, Event.Status.CLOSING, approved_total=Decimal("100000"))
    closing.checklist_create(event=event)
    ProgramItemFactory(event=event, speaker=None, topic="Тема")
    client.force_login(manager)
    url = reverse("events:detail", args=[event.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["closing_reasons"]  # the closing section was worked out
    reads = {
        name: sum(marker in q["sql"] for q in ctx.captured_queries) for name, marker in ONCE.items()
    }
    assert reads == dict.fromkeys(ONCE, 1)
