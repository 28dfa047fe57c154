"""The contract flow in the browser: draft -> approval route -> invitation -> registration ->
signature with the e-mailed code -> company signature -> active; then an act signed by both, the
payout it creates, and the invoice the expert (an individual entrepreneur) signs for it."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from contracts.models import Contract, ContractDocument
from experts.models import ServiceType, TaxStatus, Tier
from payments.models import Payout
from tests.e2e.conftest import DESKTOP, PHONE, login, shot
from tests.factories.contracts import AuthorisedSignatoryFactory
from tests.factories.experts import ConsentFactory, ExpertFactory, RateCardFactory

pytestmark = pytest.mark.django_db(transaction=True)
KOL_PASSWORD = "Vrach-Parol-2026!"


@pytest.fixture(autouse=True)
def _locmem_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SIGNING_CERT_FILE = str(tmp_path / "signing" / "org.pem")
    settings.SIGNING_KEY_FILE = str(tmp_path / "signing" / "org.key")
    settings.RATELIMIT_ENABLE = False


def new_page(browser, live_server, viewport=DESKTOP):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="ru-RU")
    context.set_default_timeout(60_000)
    return context.new_page()


def code_from_mail(address: str) -> str:
    for message in reversed(mail.outbox):
        if address in message.to and (m := re.search(r"»: (\d{6})\b", message.body)):
            return m.group(1)
    raise AssertionError("no code e-mailed")


def decide(page, contract, user, comment="Согласовано"):
    login(page, user)
    page.goto(f"/contracts/{contract.pk}/")
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=comment]", comment)
    page.get_by_role("button", name=re.compile("Record|Записать")).click()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def sign_with_code(page, address):
    page.get_by_test_id("request-code").click()
    page.fill("#id_code", code_from_mail(address))
    page.get_by_test_id("sign-button").click()
    page.wait_for_load_state("networkidle")


def test_contract_is_approved_signed_by_kol_and_company_then_an_act(
    browser, live_server, page, marketing_manager, legal, approver, admin_user
):
    page.set_default_timeout(60_000)  # PDFs are rendered in-process (eager worker)
    AuthorisedSignatoryFactory(user=admin_user)
    expert = ExpertFactory(
        last_name="Соколова",
        first_name="Анна",
        tier=Tier.NATIONAL,
        email="sokolova@example.com",
        tax_status=TaxStatus.ENTREPRENEUR,
    )
    ConsentFactory(expert=expert)
    RateCardFactory(
        tier=Tier.NATIONAL, service_type=ServiceType.LECTURE, fee_per_hour=Decimal("12000.00")
    )

    # 1. The manager drafts the contract and sends it for approval.
    login(page, marketing_manager)
    page.goto("/contracts/new/")
    page.select_option("select[name=expert]", str(expert.pk))
    page.fill("input[name=starts_on]", "2026-01-01")
    page.fill("input[name=ends_on]", "2027-12-31")
    page.fill("input[name=cap_amount]", "300000")
    page.select_option("select[name=tax_regime]", "individual")
    page.check("input[name=services][value=lecture]")
    page.get_by_role("button", name=re.compile("Save draft|Сохранить")).click()
    page.wait_for_url(re.compile(r"/contracts/\d+/$"))
    contract = Contract.objects.get(expert=expert)
    page.get_by_role("button", name=re.compile("Send for approval|На согласование")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("current-step").inner_text()
    page.context.clear_cookies()

    # 2. The route: legal -> medical (approver) -> signatory (finance only from 500 000).
    for user in (legal, approver, admin_user):
        decide(page, contract, user)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.APPROVED

    # 3. The manager confirms the expert's identity and sends the contract.
    login(page, marketing_manager)
    page.goto(f"/contracts/{contract.pk}/")
    page.fill("#id_note", "Паспорт 45 00 123456, проверен лично")
    page.get_by_role("button", name=re.compile("Confirm identity|Подтвердить")).click()
    page.get_by_role("button", name=re.compile("Send to the expert|Отправить эксперту")).click()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    # 4. The KOL follows the link from the invitation e-mail, registers and accepts agreements.
    invitation = next(m for m in mail.outbox if expert.email in m.to and "/invitation/" in m.body)
    link = re.search(r"https?://\S+/contracts/invitation/\S+/", invitation.body).group(0)
    kol_page = new_page(browser, live_server)
    kol_page.goto(re.sub(r"^https?://[^/]+", "", link))
    kol_page.fill("input[name=password1]", KOL_PASSWORD)
    kol_page.fill("input[name=password2]", KOL_PASSWORD)
    kol_page.get_by_role("button", name=re.compile("Create|Создать")).click()
    kol_page.wait_for_url(re.compile("/cabinet/welcome/"))
    kol_page.check("input[name=accept_esign]")
    kol_page.check("input[name=accept_consent]")
    kol_page.get_by_role("button", name=re.compile("Accept|Принять")).click()
    kol_page.wait_for_url(re.compile("/cabinet/$"))
    assert kol_page.get_by_test_id("awaiting-count").inner_text() == "1"
    shot(kol_page, "contracts-cabinet-home-desktop")

    # 5. The KOL reads the contract and signs it with the code from the e-mail.
    kol_page.goto("/contracts/cabinet/documents/")
    shot(kol_page, "contracts-cabinet-documents-desktop")
    kol_page.get_by_role("link", name=re.compile(contract.number)).first.click()
    kol_page.get_by_test_id("request-code").click()
    shot(kol_page, "contracts-sign-desktop")
    kol_page.fill("#id_code", code_from_mail(expert.email))
    kol_page.get_by_test_id("sign-button").click()
    kol_page.wait_for_load_state("networkidle")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED_BY_EXPERT

    # 6. The authorised signatory signs for the company; the manager sees the contract active.
    login(page, admin_user)
    document = ContractDocument.objects.get(contract=contract, kind="contract")
    page.goto(f"/contracts/documents/{document.pk}/")
    sign_with_code(page, admin_user.email)
    page.context.clear_cookies()
    login(page, marketing_manager)
    page.goto(f"/contracts/{contract.pk}/")
    assert re.search("Active|Действует", page.get_by_test_id("contract-status").inner_text())

    # 7. An order, its act, signed by the KOL and by the company.
    page.locator("summary", has_text=re.compile("New service order|Новая заявка")).click()
    page.select_option("#id_service_type", "lecture")
    page.fill("#id_hours", "2")
    page.get_by_role("button", name=re.compile("Create the order|Создать заявку")).click()
    page.get_by_role("button", name=re.compile("^(Approve|Согласовать)$")).click()
    page.get_by_role("button", name=re.compile("Make the act|Составить акт")).click()
    page.wait_for_load_state("networkidle")
    act_doc = ContractDocument.objects.get(contract=contract, kind="act")
    page.locator(f"form[action='/contracts/documents/{act_doc.pk}/send/'] button").click()
    page.wait_for_load_state("networkidle")

    kol_page.goto(f"/contracts/cabinet/documents/{act_doc.pk}/")
    sign_with_code(kol_page, expert.email)
    page.context.clear_cookies()
    login(page, admin_user)
    page.goto(f"/contracts/documents/{act_doc.pk}/")
    sign_with_code(page, admin_user.email)
    act = contract.orders.get().act
    act.refresh_from_db()
    assert act.status == "signed_by_company" and act.signed_at is not None
    assert re.search("Signed|Подписано", page.get_by_test_id("document-status").inner_text())
    payout = Payout.objects.get(act=act)
    assert payout.invoice_id is None

    # 8. An entrepreneur bills the company: the invoice for the act awaits the KOL's signature.
    invoice = ContractDocument.objects.get(contract=contract, kind="invoice")
    kol_page.goto("/contracts/cabinet/documents/")
    kol_page.get_by_role("link", name=re.compile(invoice.number)).first.click()
    shot(kol_page, "contracts-invoice-sign-desktop")
    sign_with_code(kol_page, expert.email)
    invoice.refresh_from_db()
    payout.refresh_from_db()
    assert invoice.status == ContractDocument.Status.SIGNED
    assert payout.invoice_id == invoice.pdf_id

    # Phone screenshots of the cabinet pages.
    phone = new_page(browser, live_server, viewport=PHONE)
    phone.goto("/login/")
    phone.fill("input[name=username]", expert.email)
    phone.fill("input[name=password]", KOL_PASSWORD)
    phone.click("form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    shot(phone, "contracts-cabinet-home-phone")
    phone.goto("/contracts/cabinet/documents/")
    shot(phone, "contracts-cabinet-documents-phone")
    phone.goto(f"/contracts/cabinet/documents/{act_doc.pk}/")
    shot(phone, "contracts-sign-phone")
