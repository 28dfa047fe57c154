"""Browser flow of the spending freeze (DESIGN.md §5): on an event in budget re-approval, raising
the actual of an existing budget line is refused and the reason is on the screen; the stored
figure is unchanged."""

import io
from decimal import Decimal

import pytest

from events.models import BudgetLine, Event
from seed.demo import events as demo
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reapproval_event(personas):
    demo.seed(stdout=io.StringIO())
    return Event.objects.get(status=Event.Status.BUDGET_REAPPROVAL, event_type__code="congress")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_raising_a_line_in_reapproval_is_refused_with_the_reason(
    request, device, reapproval_event, marketing_manager
):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    page.set_default_timeout(30_000)
    event = reapproval_event
    line = event.budget_lines.filter(service_order__isnull=True).order_by("pk").first()
    before = line.actual
    login(page, event.owner if event.owner.has_role("marketing_manager") else marketing_manager)
    page.goto(f"/events/{event.pk}/")
    page.locator(f"a[href='/events/{event.pk}/budget/{line.pk}/']").click()
    page.wait_for_selector("input[name=actual]")
    raised = before + Decimal("10000.00")
    page.fill("input[name=actual]", f"{raised:.2f}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    alert = page.locator(".alert-danger, .alert-error").filter(has_text="No new spending")
    assert alert.first.is_visible()
    shot(page, f"events-budget-freeze-refused-{device}")
    assert BudgetLine.objects.get(pk=line.pk).actual == before
