"""A refused step says why and when it becomes possible, on the page where it was tried."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.e2e.conftest import DESKTOP, PHONE, login, shot
from tests.factories.events import EventFactory

# the live server sees committed rows only; the reference data is restored for each test
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_mark_held_before_the_end_says_when_it_becomes_possible(
    browser, live_server, marketing_manager, viewport
):
    event = EventFactory(owner=marketing_manager, status=Event.Status.APPROVED)
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, marketing_manager)
    page.goto(reverse("events:detail", args=[event.pk]))
    page.click("main button:has-text('Mark held')")
    page.wait_for_load_state("networkidle")
    alert = page.locator(".alert").filter(has_text="has not ended yet")
    assert alert.count() == 1
    text = alert.inner_text()
    assert "it can be marked held from" in text and "not possible in the status" not in text
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED
    shot(page, f"refusal-mark-held-{viewport['width']}")
    context.close()
