"""Browser flows of the platform pages: approving from the inbox, notifications, the audit log."""

from decimal import Decimal
from pathlib import Path

import pytest

from kolplatform.core.approvals import approval_decide, approval_history
from kolplatform.core.audit import audit_log
from kolplatform.core.roles import Role
from tests.e2e.conftest import login, shot
from tests.factories.core import ApprovalRouteFactory, ApprovalStepFactory
from tests.testapp.factories import WidgetFactory
from tests.testapp.models import Widget
from tests.testapp.services import widget_submit

pytestmark = pytest.mark.django_db(transaction=True)
NAVBAR = Path(__file__).resolve().parents[2] / "templates" / "partials" / "navbar.html"
BELL_IN_NAVBAR = "notification_bell" in NAVBAR.read_text()


@pytest.fixture
def submitted_widget(marketing_manager):
    route = ApprovalRouteFactory(code="widget", name="Согласование виджетов", target_model=Widget)
    ApprovalStepFactory(route=route, order=1, name="Проверка", role=Role.APPROVER)
    widget = WidgetFactory(
        name="Школа кардиологов", amount=Decimal("185000.00"), owner=marketing_manager
    )
    widget, _request = widget_submit(widget=widget, actor=marketing_manager)
    return widget


def approve_from_inbox(page, approver, widget):
    login(page, approver)
    page.goto("/core/approvals/")
    card = page.get_by_test_id("approval-row").filter(has_text=widget.name)
    card.wait_for()
    assert "185" in card.inner_text()
    card.locator("textarea[name=comment]").fill("Бюджет в пределах плана")
    card.get_by_test_id("approve").click()
    page.get_by_test_id("decided").wait_for()


def test_approver_approves_from_the_inbox_and_the_manager_is_notified(
    page, approver, marketing_manager, submitted_widget
):
    page.goto("/")  # nothing yet: a first look at the inbox for screenshots
    login(page, approver)
    page.goto("/core/approvals/")
    shot(page, "core-approvals-inbox-desktop")
    page.context.clear_cookies()

    approve_from_inbox(page, approver, submitted_widget)
    submitted_widget.refresh_from_db()
    assert submitted_widget.status == Widget.Status.APPROVED
    decision = submitted_widget_decision(submitted_widget)
    assert decision.comment == "Бюджет в пределах плана" and decision.decided_by == approver
    page.reload()
    assert page.get_by_test_id("empty-state").is_visible()

    page.context.clear_cookies()
    login(page, marketing_manager)
    page.goto("/core/notifications/")
    item = page.get_by_test_id("notification").filter(has_text=submitted_widget.name)
    assert item.get_attribute("data-unread") == "1"
    shot(page, "core-notifications-desktop")
    item.get_by_test_id("mark-read").click()
    page.locator(f"#{item.get_attribute('id')}[data-unread='0']").wait_for()


def submitted_widget_decision(widget):
    return approval_history(target=widget).first().decisions.get()


@pytest.mark.skipif(
    not BELL_IN_NAVBAR,
    reason="the navbar does not include {% notification_bell %} yet (added when layouts merge)",
)
def test_manager_sees_the_notification_in_the_bell(
    page, approver, marketing_manager, submitted_widget
):
    approve_from_inbox(page, approver, submitted_widget)
    page.context.clear_cookies()
    login(page, marketing_manager)
    bell = page.get_by_test_id("notification-bell")
    assert bell.get_by_test_id("unread-count").inner_text().startswith("1")
    shot(page, "core-bell-desktop")
    bell.click()
    page.wait_for_url("**/core/notifications/")
    assert page.get_by_test_id("notification").filter(has_text=submitted_widget.name).count() == 1
    page.get_by_test_id("mark-all-read").click()
    page.get_by_test_id("notification-bell").locator("[data-testid=unread-count]").wait_for(
        state="detached"
    )


def test_rejection_without_comment_shows_the_error_in_place(page, approver, submitted_widget):
    login(page, approver)
    page.goto("/core/approvals/")
    card = page.get_by_test_id("approval-row").first
    card.get_by_test_id("reject").click()
    page.get_by_test_id("decide-error").wait_for()
    submitted_widget.refresh_from_db()
    assert submitted_widget.status == Widget.Status.IN_APPROVAL


def test_audit_log_filters(page, compliance, approver, submitted_widget):
    audit_log(actor=compliance, action="export", comment="выгрузка для проверки")
    login(page, compliance)
    page.goto("/core/audit/")
    assert page.get_by_test_id("audit-row").count() >= 3
    shot(page, "core-audit-desktop")
    page.select_option("select[name=action]", "export")
    page.wait_for_url("**action=export**")
    page.get_by_test_id("audit-row").first.wait_for()
    assert page.get_by_test_id("audit-row").count() == 1


def test_pages_at_phone_width(
    phone_page, approver, compliance, marketing_manager, submitted_widget
):
    page = phone_page
    login(page, approver)
    page.goto("/core/approvals/")
    page.get_by_test_id("approval-row").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "core-approvals-inbox-phone")
    page.context.clear_cookies()
    request = approval_history(target=submitted_widget).first()
    approval_decide(request=request, actor=approver, approve=False, comment="Уточните смету")

    login(page, marketing_manager)
    page.goto("/core/notifications/")
    page.get_by_test_id("notification").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "core-notifications-phone")
    page.context.clear_cookies()

    login(page, compliance)
    page.goto("/core/audit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "core-audit-phone")
