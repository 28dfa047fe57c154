"""The summary table refresh: scheduled by beat, idempotent, shown as "data as of"."""

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from analytics.models import EventFact, FactsRefresh
from analytics.tasks import refresh_event_facts
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def test_refresh_is_scheduled_by_beat():
    task = PeriodicTask.objects.get(name="analytics: refresh event facts")
    assert task.task == "analytics.tasks.refresh_event_facts" and task.enabled
    assert (task.interval.every, task.interval.period) == (15, "minutes")


def test_refresh_task_is_idempotent_and_follows_changes(marketing_manager):
    event = EventFactory(owner=marketing_manager)
    assert refresh_event_facts.delay().get() == 1
    assert refresh_event_facts.delay().get() == 1
    assert EventFact.objects.get().pk == event.pk
    event.delete()
    refresh_event_facts.delay().get()
    assert not EventFact.objects.exists()
    assert FactsRefresh.objects.filter(finished_at__isnull=False).count() == 3


def test_dashboard_shows_data_as_of(client, marketing_manager):
    client.force_login(marketing_manager)
    assert client.get(reverse("analytics:dashboard")).context["data_as_of"] is None
    refresh_event_facts.delay().get()
    latest = FactsRefresh.objects.get()
    assert client.get(reverse("analytics:dashboard")).context["data_as_of"] == latest.finished_at


def test_drill_page_keeps_the_metric_when_filters_change(client, marketing_manager):
    client.force_login(marketing_manager)
    page = client.get(reverse("analytics:drill_events"), {"metric": "held", "year": 2026})
    assert '<input type="hidden" name="metric" value="held">' in page.content.decode()
    assert client.get(reverse("analytics:drill_events"), {"metric": "nope"}).status_code == 404
