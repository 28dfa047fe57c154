"""1C in the browser: the accountant exports approved payouts as 1C payment orders, downloads the
file, uploads the bank's statement and reads the result page (one row not ours)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kolplatform.core.roles import Role
from payments import services
from payments.models import PaymentRegistry, Payout
from payments.onec import exchange
from tests.e2e.conftest import login, shot
from tests.factories.core import UserFactory
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved_payout():
    accountant = UserFactory(role=Role.FINANCE, username="accountant")
    act = signed_act()
    payout = services.payout_create_from_act(act=act, actor=act.order.contract.owner)
    payout = services.payout_approve(payout=payout, actor=accountant)
    assert payout.status == Payout.Status.APPROVED
    return accountant, payout


def _statement_from(orders: bytes) -> bytes:
    """The bank's statement of the orders file: each order debited, plus an incoming payment."""
    debited = exchange.parse(orders).documents[0][1]["Дата"]
    text = orders.decode("cp1251").replace(
        "КонецДокумента", f"ДатаСписано={debited}\r\nКонецДокумента"
    )
    incoming = (
        "СекцияДокумент=Платежное поручение\r\nНомер=777\r\nДата=26.11.2026\r\nСумма=15000.00\r\n"
        "ПолучательСчет=40702810000000000001\r\nКонецДокумента\r\nКонецФайла"
    )
    return text.replace("КонецФайла", incoming).encode("cp1251")


def test_export_payment_orders_and_import_the_statement(
    page, live_server, approved_payout, tmp_path
):
    accountant, payout = approved_payout
    page.set_default_timeout(60_000)  # a shared machine; the flow is what is tested
    login(page, accountant)
    page.goto("/payments/?status=approved")
    page.check(f"input[name=payout][value='{payout.pk}']")
    page.get_by_test_id("bank-format").select_option(PaymentRegistry.BankFormat.PAYMENT_ORDERS)
    shot(page, "onec-export-desktop")
    page.get_by_test_id("export-registry").click()
    expect(page).to_have_url(re.compile(r"/payments/registries/\d+/$"))
    shot(page, "onec-registry-desktop")
    with page.expect_download() as download:
        page.get_by_test_id("download-onec").click()
    assert download.value.suggested_filename.startswith("1c_to_kl-")
    orders = Path(download.value.path()).read_bytes()
    docs = exchange.parse(orders).documents
    assert len(docs) == 1 and docs[0][1]["Сумма"] == f"{payout.net:.2f}"

    statement = tmp_path / "kl_to_1c.txt"
    statement.write_bytes(_statement_from(orders))
    page.goto("/payments/registries/")
    page.set_input_files("#id_file", str(statement))
    page.get_by_test_id("import-confirmation").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1")
    expect(page.get_by_test_id("row-paid")).to_contain_text(payout.expert.full_name)
    expect(page.get_by_test_id("row-unknown")).to_contain_text("777")
    shot(page, "onec-statement-result-desktop")
    page.set_viewport_size({"width": 360, "height": 780})
    shot(page, "onec-statement-result-phone")
    assert Payout.objects.get(pk=payout.pk).status == Payout.Status.PAID
