"""A manager plans an event with a speaker, a budget and a hotel request, sends it for approval,
the approvers approve, the actual costs exceed the tolerance and the event returns to re-approval;
after the event the checklist is filled, one item is rejected and re-uploaded; the event closes
only once compliance has recorded the regulator notice's submission."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from contracts.models import Act
from events.models import Event, EventType, VendorRequest
from tests.e2e.conftest import DESKTOP, PHONE, login, shot
from tests.factories.contracts import ActFactory, force_status
from tests.factories.events import VendorFactory, make_speaker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(db):
    """Transactional tests flush the tables; put the migrations' reference data back."""
    importlib.import_module("kolplatform.core.migrations.0002_roles_and_currencies").create(
        apps, None
    )
    if not EventType.objects.exists():
        importlib.import_module("events.migrations.0003_seed_types_routes_rules").seed(apps, None)


def submit(page, selector):
    """Click a button that posts a form and wait for the page that follows."""
    with page.expect_navigation():
        page.click(selector)


def switch_user(page, user):
    page.context.clear_cookies()
    login(page, user)


def pick_expert(page, field, expert):
    """Search the picker by surname (htmx) and choose the expert among the matches."""
    page.fill(f"[data-testid={field}-search]", expert.last_name[:4])
    page.wait_for_selector(f"select[name={field}] option[value='{expert.pk}']", state="attached")
    page.select_option(f"select[name={field}]", str(expert.pk))


def decide(page, event, user):
    switch_user(page, user)
    page.goto(f"/events/{event.pk}/")
    page.fill("[data-testid=decide] textarea[name=comment]", "Согласовано")
    submit(page, "[data-testid=decide] button[value=approve]")


def test_event_from_plan_to_close(page, marketing_manager, approver, compliance, tmp_path):
    start = timezone.localtime() + timedelta(days=100)
    vendor = VendorFactory(name="Гостиница «Азимут»")
    # a speaker must exist with consent, an active contract and competency (other modules)
    probe = Event(starts_at=start, ends_at=start + timedelta(hours=4))
    expert = make_speaker(event=probe)

    page.set_default_timeout(30_000)  # the server shares two cores with other work
    login(page, marketing_manager)
    page.goto("/events/new/")
    page.fill("input[name=title]", "Школа кардиолога: ХСН")
    page.select_option("select[name=event_type]", label="School / lecture")
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT14:00"))
    page.fill("input[name=city]", "Казань")
    page.fill("input[name=venue]", "Отель «Ривьера»")
    page.fill("input[name=planned_participants]", "40")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    event = Event.objects.get(title="Школа кардиолога: ХСН")

    page.click("text=Add line")
    page.select_option("select[name=category]", "venue")
    page.fill("input[name=description]", "Аренда зала")
    page.fill("input[name=planned]", "100000")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/")

    page.click("text=Add item")
    page.fill("input[name=topic]", "Лечение сердечной недостаточности в 2026 году")
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT11:00"))
    pick_expert(page, "speaker", expert)
    submit(page, "main form:not([action]) button[type=submit]")
    assert page.get_by_test_id("speaker-refused").is_visible()
    page.fill("[data-testid=order-offer] input[name=hours]", "2")
    # the order is created and the programme item typed before is added: nothing to retype
    submit(page, "[data-testid=order-offer] button[type=submit]")
    assert page.url.endswith(f"/events/{event.pk}/")
    programme = page.get_by_test_id("programme").inner_text()
    assert expert.last_name in programme and "Лечение сердечной недостаточности" in programme

    page.click("text=New request")
    page.select_option("select[name=vendor]", str(vendor.pk))
    page.select_option("select[name=kind]", "hotel")
    page.fill("textarea[name=details]", "1 номер, 2 ночи")
    page.select_option("select[name=speaker]", str(expert.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/")
    shot(page, "events-detail-draft")

    submit(page, "main button:has-text('Send for approval')")
    event.refresh_from_db()
    assert event.status == Event.Status.BUDGET_APPROVAL
    decide(page, event, approver)
    decide(page, event, compliance)
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED
    assert event.approved_total == event.budget_lines.get(category="venue").final + 20000

    # the hotel quotes through its token page; the confirmed cost goes over the tolerance
    request = VendorRequest.objects.get(event=event)
    page.context.clear_cookies()
    page.goto(f"/events/vendor/{request.token}/")
    page.fill("input[name=amount]", "40000")
    submit(page, "main form button[type=submit]")
    switch_user(page, marketing_manager)
    page.goto(f"/events/{event.pk}/")
    page.click("[data-testid=budget] a:has-text('Venue')")
    page.fill("input[name=actual]", "100000")
    submit(page, "main form button[type=submit]")
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED  # 100,000 of 120,000 approved
    submit(page, "[data-testid=vendor-requests] button:has-text('Confirm')")
    event.refresh_from_db()
    assert event.status == Event.Status.BUDGET_REAPPROVAL
    shot(page, "events-detail-reapproval")

    decide(page, event, approver)
    decide(page, event, compliance)
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED

    # the event took place; the speaker's act is signed in the contracts module
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=6), ends_at=timezone.now() - timedelta(hours=2)
    )
    order = event.program_items.get().service_order
    force_status(ActFactory(order=order), Act.Status.SIGNED_BY_COMPANY)
    switch_user(page, marketing_manager)
    page.goto(f"/events/{event.pk}/")
    submit(page, "main button:has-text('Mark held')")
    submit(page, "main button:has-text('Start closing')")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    upload_all(page, evidence)

    switch_user(page, compliance)
    page.goto(f"/events/{event.pk}/")
    first = page.get_by_test_id("checklist-item").first
    first.locator("input[name=reason]").fill("Нет подписи организатора")
    with page.expect_navigation():
        first.locator("button[value=reject]").click()
    accept_all(page)

    switch_user(page, marketing_manager)
    page.goto(f"/events/{event.pk}/")
    assert "Нет подписи организатора" in page.get_by_test_id("checklist").inner_text()
    upload_all(page, evidence)
    switch_user(page, compliance)
    page.goto(f"/events/{event.pk}/")
    accept_all(page)

    # every document accepted, but the regulator notice is not submitted: the event stays open
    switch_user(page, marketing_manager)
    page.goto(f"/events/{event.pk}/")
    blocked = page.get_by_test_id("closing-blocked")
    assert "regulator notice is not submitted" in blocked.inner_text()
    assert page.locator("main button:has-text('Close the event')").is_disabled()
    page.set_viewport_size(PHONE)
    assert blocked.is_visible()
    shot(page, "events-detail-closing-notice-missing-phone")
    page.set_viewport_size(DESKTOP)

    switch_user(page, compliance)
    page.goto(f"/events/{event.pk}/")
    submit(page, "[data-testid=notices] button:has-text('Generate notice')")
    page.fill("[data-testid=notices] input[name=submitted_on]", timezone.localdate().isoformat())
    page.fill("[data-testid=notices] input[name=reference]", "РЗН-2026-117")
    submit(page, "[data-testid=notices] button:has-text('Record submission')")

    switch_user(page, marketing_manager)
    page.goto(f"/events/{event.pk}/")
    assert page.get_by_test_id("closing-blocked").count() == 0
    submit(page, "main button:has-text('Close the event')")
    event.refresh_from_db()
    assert event.status == Event.Status.CLOSED
    shot(page, "events-detail-closed")


def upload_all(page, path):
    """Give every open checklist item its evidence: the PDF (an image for a photo item, made
    next to it) or a number, text or date typed in."""
    photo = path.with_suffix(".png")
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    while page.locator("[data-testid=checklist] input[type=file]").count():
        form = page.locator("[data-testid=checklist] input[type=file]").first
        form.set_input_files(str(photo if form.get_attribute("accept") else path))
        with page.expect_navigation():
            form.locator("xpath=..").locator("button[type=submit]").click()
    values = "[data-testid=checklist] [name=value]"
    while page.locator(values).count():
        field = page.locator(values).first
        kind = field.get_attribute("type")
        field.fill(timezone.localdate().isoformat() if kind == "date" else "25")
        with page.expect_navigation():
            field.locator("xpath=..").locator("button[type=submit]").click()


def accept_all(page):
    while page.locator("[data-testid=checklist] button[value=accept]").count():
        submit(page, "[data-testid=checklist] button[value=accept] >> nth=0")
