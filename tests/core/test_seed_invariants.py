"""Demo data a customer will not laugh at (issue 19, item 11): the invariants of `seed_demo`."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from analytics.models import EventFact
from analytics.services import facts_refresh
from events.models import ChecklistItem, Event
from feedback.analysis import survey_analysis
from feedback.models import Survey
from kolplatform.core.models import ApprovalRequest
from payments.models import Payout
from seed.demo.event_history import APPROVED_OR_LATER, CITY_REGIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo once for the module (it takes a while); rolled back at the end. Yields the
    media directory its files went to."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
        except BaseException:  # a failed seed must not leave its rows to the next modules' tests
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield media
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_event_region_and_city_agree(demo):
    events = Event.objects.select_related("region")
    assert events.exists()
    for event in events:
        assert event.region is not None, event.title
        assert event.region.code == CITY_REGIONS[event.city], (event.title, event.region.name)


def test_an_event_past_its_approval_shows_the_approval(demo, client):
    from kolplatform.core.models import User

    later = Event.objects.filter(status__in=APPROVED_OR_LATER)
    assert later.exists()
    for event in later:
        requests = ApprovalRequest.objects.filter(target_id=str(event.pk), purpose="approval")
        approved = requests.filter(status=ApprovalRequest.Status.APPROVED).first()
        assert approved is not None, event.title
        assert approved.decisions.exists(), event.title
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("events:detail", args=[later.first().pk])).content.decode()
    assert "Not sent for approval yet" not in page


def test_closed_events_have_the_files_their_accepted_items_claim(demo):
    claimed = ChecklistItem.objects.filter(
        status__in=[ChecklistItem.Status.ACCEPTED, ChecklistItem.Status.UPLOADED]
    ).select_related("document", "event")
    assert claimed.filter(event__status=Event.Status.CLOSED).exists()
    for item in claimed:
        if not item.takes_file:
            assert item.value is not None, (item.event.title, item.name)
            continue
        assert item.document is not None, (item.event.title, item.name)
        stored = Path(demo, item.document.file.name).read_bytes()
        assert len(stored) == item.document.size
        magic = b"\x89PNG" if item.kind == ChecklistItem.Kind.PHOTO else b"%PDF"
        assert stored.startswith(magic), (item.name, item.kind)


def test_dashboard_paid_includes_the_paid_payouts(demo):
    facts_refresh()
    paid = Payout.objects.filter(status=Payout.Status.PAID).aggregate(s=Sum("gross"))["s"]
    assert paid and paid > 0
    shown = EventFact.objects.aggregate(s=Sum("fees_paid"))["s"] or Decimal(0)
    assert shown == paid


def test_survey_response_rates_stay_within_100(demo):
    surveys = Survey.objects.select_related("event", "template")
    assert surveys.filter(responses__isnull=False).exists()
    for survey in surveys:
        result = survey_analysis(survey=survey)
        assert result.rate is None or result.rate <= 100, survey.event.title
        assert result.beyond_checked_in == 0, survey.event.title
