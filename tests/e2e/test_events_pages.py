"""Screenshots of the event pages on desktop and at 360 px, with demo data."""

import io

import pytest

from events import demo
from events.models import Event
from tests.e2e.conftest import login, shot
from tests.e2e.test_events_flow import reference_data  # noqa: F401  (autouse fixture)

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
