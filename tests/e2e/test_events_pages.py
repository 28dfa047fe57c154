"""Screenshots of the event pages on desktop and at 360 px, with demo data."""

import io

import pytest

from events.models import Event, EventType
from seed.demo import events as demo
from tests.e2e.conftest import login, shot
from tests.e2e.test_events_flow import pick_expert, reference_data  # noqa: F401  (autouse)
from tests.factories.events import EventFactory, make_speaker
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_events(personas):
    demo.seed(stdout=io.StringIO())
    return Event.objects.get(status=Event.Status.BUDGET_REAPPROVAL, event_type__code="congress")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_event_pages_render(request, device, demo_events, marketing_manager):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    page.set_default_timeout(30_000)
    login(page, marketing_manager)
    page.goto("/events/")
    assert page.locator("table tbody tr").count() >= 10
    shot(page, f"events-list-{device}")
    page.goto(f"/events/{demo_events.pk}/")
    assert page.get_by_test_id("budget-total").is_visible()
    shot(page, f"events-detail-{device}")
    page.goto("/events/calendar/")
    shot(page, f"events-calendar-{device}")


def test_expert_pickers_on_a_phone(phone_page, marketing_manager):
    """At 360 px: the speaker and participant pickers search by surname and fit the screen."""
    page = phone_page
    page.set_default_timeout(30_000)
    event = EventFactory(owner=marketing_manager, event_type=EventType.objects.get(code="school"))
    speaker = make_speaker(event=event)
    participant = ExpertFactory(region=event.region)
    login(page, marketing_manager)

    page.goto(f"/events/{event.pk}/programme/add/")
    pick_expert(page, "speaker", speaker)
    for selector in ("[data-testid=speaker-search]", "select[name=speaker]"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    shot(page, "events-speaker-picker-phone")
    page.fill("input[name=topic]", "Лечение сердечной недостаточности")
    page.fill("input[name=starts_at]", event.starts_at.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", event.ends_at.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.click("main form:not([action]) button[type=submit]")
    assert page.get_by_test_id("speaker-refused").is_visible()  # no order yet: the offer shows
    assert page.get_by_test_id("order-offer").is_visible()

    page.goto(f"/events/{event.pk}/participants/add/")
    pick_expert(page, "expert", participant)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert event.participants.filter(expert=participant).exists()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_crowded_calendar_day_links_its_list(request, device, marketing_manager):
    """Twelve events on one day: the day shows its first ones and "+N more", which opens the
    list of that day; the grid (desktop) and the day list (360 px) stay within the screen."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from events.selectors import CALENDAR_PER_DAY

    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    page.set_default_timeout(30_000)
    day = timezone.localdate().replace(day=14)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=8)
    for i in range(12):
        EventFactory(starts_at=start + timedelta(minutes=30 * i), title=f"Школа № {i + 1}")
    login(page, marketing_manager)
    page.goto("/events/calendar/")
    more = page.locator("[data-testid=calendar-more]:visible")
    assert more.count() == 1
    assert more.inner_text() == f"+{12 - CALENDAR_PER_DAY} more"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"events-calendar-crowded-{device}")
    more.click()
    page.wait_for_load_state("networkidle")
    assert f"date_from={day.isoformat()}" in page.url
    assert page.locator("table tbody tr").count() == 12
