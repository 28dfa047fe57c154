"""The payout flow in the browser: the accountant sees the reminder, approves, exports the 1C
registry, imports the bank's confirmation; the KOL sees «paid» in the cabinet."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kolplatform.core.roles import Role
from payments import formats, services
from payments.models import PaymentRegistry, Payout
from tests.e2e.conftest import login, shot
from tests.factories.core import UserFactory
from tests.factories.experts import KolUserFactory
from tests.factories.payments import signed_act

# serialized_rollback: the flush between browser tests would drop the seeded groups and tax
# settings that the data migrations created.
pytestmark = pytest.mark.django_db(transaction=True)
PAID = re.compile("Paid|Выплачено")


@pytest.fixture
def flow():
    accountant = UserFactory(role=Role.FINANCE, username="accountant")
    kol = KolUserFactory(username="kol")
    act = signed_act(expert=kol.expert)
    payout = services.payout_create_from_act(act=act, actor=act.order.contract.owner)
    assert payout.status == Payout.Status.READY, payout.blocked_reason
    return accountant, kol, payout


def test_accountant_pays_and_kol_sees_paid(page, browser, live_server, flow, tmp_path):
    accountant, kol, payout = flow
    page.set_default_timeout(30_000)  # the machine may be shared; the flow is what is tested
    login(page, accountant)
    page.goto("/payments/")
    reminder = page.get_by_test_id("reminders").get_by_role("link").first
    expect(reminder).to_contain_text(payout.act.number)
    shot(page, "payments-list-desktop")
    reminder.click()

    expect(page.get_by_test_id("checks")).to_be_visible()
    expect(page.get_by_test_id("breakdown")).to_contain_text("17")
    shot(page, "payments-detail-desktop")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("payout-status")).to_have_text(re.compile("Approved|Согласовано"))

    page.goto("/payments/?status=approved")
    page.check(f"input[name=payout][value='{payout.pk}']")
    page.get_by_test_id("export-registry").click()
    expect(page).to_have_url(re.compile(r"/payments/registries/\d+/$"))
    with page.expect_download() as download:
        page.get_by_test_id("download-xml").click()
    assert b"<PaymentRegistry" in Path(download.value.path()).read_bytes()

    registry = PaymentRegistry.objects.get()
    confirmation = tmp_path / "bank-confirmation.csv"
    confirmation.write_bytes(
        formats.confirmation_csv(
            [
                {
                    "registry_number": registry.number,
                    "line_no": 1,
                    "payout_id": payout.pk,
                    "amount": str(registry.total_net),
                    "status": "paid",
                    "payment_order_number": "5501",
                    "paid_on": "2026-11-25",
                    "reason": "",
                }
            ]
        )
    )
    page.goto("/payments/registries/")
    page.set_input_files("#id_file", str(confirmation))
    page.get_by_test_id("import-confirmation").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1")

    kol_context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    kol_page = kol_context.new_page()
    kol_page.set_default_timeout(30_000)
    login(kol_page, kol)
    kol_page.goto("/payments/cabinet/")
    expect(kol_page.get_by_test_id("payout-status").first).to_have_text(PAID)
    shot(kol_page, "payments-cabinet-desktop")
    kol_page.get_by_test_id("cabinet-payouts").get_by_role("link").first.click()
    expect(kol_page.get_by_text("№ 5501", exact=True)).to_be_visible()
    kol_context.close()


def test_tracker_and_payout_pages_at_phone_width(phone_page, flow):
    accountant, kol, payout = flow
    services.support_message_post(payout=payout, author=kol, text="Когда придёт оплата?")
    phone_page.set_default_timeout(30_000)
    login(phone_page, kol)
    phone_page.goto("/payments/cabinet/")
    expect(phone_page.get_by_test_id("payout-status").first).to_be_visible()
    shot(phone_page, "payments-cabinet-phone")
    phone_page.goto(f"/payments/cabinet/{payout.pk}/")
    expect(phone_page.get_by_test_id("support-message")).to_have_count(1)
    shot(phone_page, "payments-cabinet-detail-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width}px"
    phone_page.context.clear_cookies()
    login(phone_page, accountant)
    phone_page.goto(f"/payments/{payout.pk}/")
    expect(phone_page.get_by_test_id("checks")).to_be_visible()
    shot(phone_page, "payments-detail-phone")
    phone_page.goto("/payments/")
    shot(phone_page, "payments-list-phone")
