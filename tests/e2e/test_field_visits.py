"""Visits from the phone (360 px) with the browser's geolocation: one inside the radius is
verified, one outside is flagged, reported with a comment and reviewed by the manager, one with
the permission denied is unverifiable; a report typed without signal is delivered once the
connection returns."""

import time
from datetime import datetime

import pytest

from field.models import FieldPolicy, GeoStatus, Visit
from tests.e2e.conftest import PHONE, login, shot
from tests.factories.core import UserFactory
from tests.factories.field import (
    MOSCOW_HOSPITAL,
    FieldRepFactory,
    LocatedInstitutionFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

HERE = {"latitude": MOSCOW_HOSPITAL[0] + 0.0004, "longitude": MOSCOW_HOSPITAL[1]}  # ~45 m north


def _phone(browser, live_server, **kwargs):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
        timezone_id="Europe/Moscow",
        **kwargs,
    )
    context.set_default_timeout(20_000)
    return context


def _visit(pk) -> Visit:
    return Visit.objects.select_related("institution").get(pk=pk)


def _wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def type_report_offline(page, visit, notes, screenshot):
    """Type a lecture's report on the open report page without signal: it stays on the phone."""
    page.select_option("select[name=visit_type]", "lecture")
    page.fill("textarea[name=notes]", notes)
    page.get_by_role("button", name="Submit the report").click()
    page.get_by_text("Saved on this phone").wait_for()
    shot(page, screenshot)
    time.sleep(1)
    assert _visit(visit.pk).status == Visit.Status.CHECKED_IN


def _check_in(page, visit):
    card = page.locator(f"#visit-{visit.pk}")
    card.get_by_role("button", name="Check in").click()
    page.wait_for_load_state("networkidle")
    card = page.locator(f"#visit-{visit.pk}")
    card.get_by_role("link", name="Report").wait_for()
    return card


def _report(page, visit, comment=""):
    page.locator(f"#visit-{visit.pk}").get_by_role("link", name="Report").click()
    page.select_option("select[name=visit_type]", "demonstration")
    if comment:
        page.fill("textarea[name=range_comment]", comment)
    page.fill("textarea[name=notes]", "Обсудили новые показания")
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_url("**/field/")


def test_geo_verified_flagged_unverifiable_and_offline(browser, live_server):
    policy = FieldPolicy.current()
    policy.min_minutes_on_site = 0  # the test does not wait on site
    policy.save()
    manager = UserFactory(role="marketing_manager", username="field-manager")
    rep = FieldRepFactory(user__username="field-rep", manager=manager).user
    inside = VisitFactory(rep=rep, institution__name="ГКБ № 1 (рядом)")
    far = LocatedInstitutionFactory(
        name="ГКБ № 2 (далеко)",
        latitude=MOSCOW_HOSPITAL[0] + 0.03,  # ~3.3 km north
    )
    outside = VisitFactory(rep=rep, institution=far)
    denied = VisitFactory(rep=rep, institution__name="ГКБ № 3 (без геопозиции)")

    granted = _phone(browser, live_server, geolocation=HERE, permissions=["geolocation"])
    page = granted.new_page()
    login(page, rep)
    page.goto("/field/")
    shot(page, "field-today-phone")
    card = _check_in(page, inside)
    assert "Verified" in card.inner_text()
    assert _visit(inside.pk).geo_status == GeoStatus.VERIFIED
    _report(page, inside)
    assert _visit(inside.pk).status == Visit.Status.SUBMITTED

    card = _check_in(page, outside)
    assert "Out of range" in card.inner_text()
    page.locator(f"#visit-{outside.pk}").get_by_role("link", name="Report").click()
    page.select_option("select[name=visit_type]", "consultation")
    page.get_by_role("button", name="Submit the report").click()
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    shot(page, "field-report-out-of-range-phone")
    page.fill("textarea[name=range_comment]", "Корпус на другой улице")
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_url("**/field/")
    assert _visit(outside.pk).review == Visit.Review.PENDING
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    granted.close()

    no_permission = _phone(browser, live_server)  # geolocation not granted: denied
    page = no_permission.new_page()
    login(page, rep)
    page.goto("/field/")
    card = _check_in(page, denied)
    assert "Unverifiable" in card.inner_text()
    visit = _visit(denied.pk)
    assert visit.geo_status == GeoStatus.UNVERIFIABLE and visit.permission == "denied"

    # The report typed without signal stays on the phone, then goes when the signal returns.
    page.locator(f"#visit-{denied.pk}").get_by_role("link", name="Report").click()
    page.wait_for_load_state("networkidle")
    no_permission.set_offline(True)
    type_report_offline(page, denied, "Лекция в подвале, связи нет", "field-report-offline-phone")
    typed_at = page.evaluate(
        "new URLSearchParams(JSON.parse(localStorage.getItem('kolplatform.field.outbox'))[0]"
        ".body).get('at')"
    )
    time.sleep(2)  # the report reaches the server later than it was typed
    no_permission.set_offline(False)
    assert _wait_for(lambda: _visit(denied.pk).status == Visit.Status.SUBMITTED)
    visit = _visit(denied.pk)
    assert visit.notes == "Лекция в подвале, связи нет"
    assert visit.submitted_at == datetime.fromisoformat(typed_at)  # the time typed, offline
    page.get_by_text("Sent from this phone").wait_for()
    shot(page, "field-report-delivered-phone")
    no_permission.close()

    managing = _phone(browser, live_server)
    page = managing.new_page()
    login(page, manager)
    page.goto("/field/team/")
    queue = page.get_by_test_id("review-queue")
    assert "ГКБ № 2" in queue.inner_text() and "ГКБ № 3" in queue.inner_text()
    shot(page, "field-team-review-phone")
    item = queue.locator("li", has_text="ГКБ № 3")
    item.locator("input[name=reason]").fill("Нет геоданных")
    item.get_by_role("button", name="Reject").click()
    page.wait_for_url("**/field/team/")
    page.get_by_test_id("review-queue").locator("li", has_text="ГКБ № 2").get_by_role(
        "button", name="Accept"
    ).click()
    page.wait_for_url("**/field/team/")
    assert _visit(outside.pk).review == Visit.Review.ACCEPTED
    rejected = _visit(denied.pk)
    assert rejected.review == Visit.Review.REJECTED and rejected.review_reason == "Нет геоданных"
    assert _visit(outside.pk).points > 0 and rejected.points == 0
    shot(page, "field-team-reviewed-phone")
    managing.close()
