"""Everyday use without the administrator, in the browser: a Cyrillic-named signed copy
downloads in Chromium (RFC 6266), a marketing manager creates an institution from the expert
form, an approver finds a submitted grading in the inbox, and a user who signs in from the
English login page keeps English (amounts in English format)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contracts.models import ContractDocument
from experts.models import Institution
from kolplatform.core.documents import document_store
from kolplatform.core.models import User
from tests.e2e.conftest import DESKTOP, PASSWORD, PHONE, login, shot
from tests.factories.contracts import awaiting_document, ready_kol, small_pdf
from tests.factories.events import BudgetLineFactory, EventFactory

pytestmark = pytest.mark.django_db(transaction=True)
SIGNED_NAME = "Договор № 7 — Иванов (подписан).pdf"


def _signed_document(kol, manager):
    ready_kol(kol, actor=manager)
    document = awaiting_document(contract__expert=kol.expert, contract__owner=manager)
    copy = document_store(data=small_pdf("Подписано"), name=SIGNED_NAME, owner=document)
    ContractDocument.objects.filter(pk=document.pk).update(
        status=ContractDocument.Status.SIGNED, signed_copy=copy
    )
    return document


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_cyrillic_signed_copy_downloads_in_chromium(
    browser, live_server, kol, marketing_manager, viewport, tmp_path
):
    _signed_document(kol, marketing_manager)
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="ru-RU", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, kol)
    page.goto(reverse("contracts:cabinet_documents"))
    shot(page, f"download-signed-copy-{viewport['width']}")
    link = page.locator("a[href$='/signed.pdf']").first
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == SIGNED_NAME
    saved = tmp_path / "copy.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    context.close()


def test_manager_creates_an_institution_from_the_expert_form(page, marketing_manager):
    page.set_default_timeout(30_000)
    Institution.objects.create(name="ГБУЗ Городская клиническая больница № 1", city="Казань")
    login(page, marketing_manager)
    page.goto(reverse("experts:create"))
    search = page.get_by_test_id("institution-search")
    search.fill("Клиника Здоровье")
    expect(page.locator("#id_institution")).to_contain_text("Nothing found")
    page.get_by_test_id("institution-new").click()
    form = page.get_by_test_id("institution-form")
    form.wait_for()
    assert page.locator("#institution-modal input[name=name]").input_value() == "Клиника Здоровье"
    page.locator("#institution-modal input[name=name]").fill("Городская клиническая больница № 1")
    page.locator("#institution-modal input[name=city]").fill("Казань")
    page.get_by_test_id("institution-create-submit").click()
    page.get_by_test_id("institution-duplicates").wait_for()
    shot(page, "institution-duplicate-warning")
    assert Institution.objects.count() == 1  # nothing created before the confirmation
    page.locator("#institution-modal input[name=name]").fill("Клиника «Здоровье»")
    page.get_by_test_id("confirm-duplicate").check()
    page.get_by_test_id("institution-create-submit").click()
    page.locator("#institution-modal").wait_for(state="hidden")
    created = Institution.objects.get(name="Клиника «Здоровье»")
    assert page.locator("#id_institution").input_value() == str(created.pk)
    shot(page, "institution-created-in-expert-form")


def test_manager_creates_an_institution_on_the_phone(phone_page, marketing_manager):
    page = phone_page
    page.set_default_timeout(30_000)
    login(page, marketing_manager)
    page.goto(reverse("experts:create"))
    page.get_by_test_id("institution-search").fill("Медцентр Альфа")
    page.get_by_test_id("institution-new").click()
    page.get_by_test_id("institution-form").wait_for()
    page.locator("#institution-modal input[name=city]").fill("Томск")
    shot(page, "institution-modal-phone")
    page.get_by_test_id("institution-create-submit").click()
    page.locator("#institution-modal").wait_for(state="hidden")
    assert Institution.objects.filter(name="Медцентр Альфа", city="Томск").exists()


def test_field_staff_are_offered_to_propose_an_institution(page, field_staff):
    page.set_default_timeout(30_000)
    login(page, field_staff)
    page.goto(reverse("experts:create"))
    assert page.get_by_test_id("institution-new").count() == 0
    assert page.get_by_role("link", name=re.compile("Propose a new institution")).is_visible()


def test_signing_in_from_the_english_login_page_keeps_english(browser, live_server, approver):
    event = EventFactory(title="Школа кардиолога")
    BudgetLineFactory(event=event, planned=Decimal("50000.00"))
    approver.language = "ru"
    approver.save(update_fields=["language"])
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/login/")
    page.locator("[data-testid=language-switch] button[value=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("input[name=username]", approver.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    approver.refresh_from_db()
    assert approver.language == "en"
    context.close()

    # another browser (no language cookie): the saved language applies at sign-in
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, User.objects.get(pk=approver.pk))
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(reverse("events:detail", args=[event.pk]))
    budget = page.get_by_test_id("budget-total").inner_text()
    assert "50,000.00" in budget and "50 000,00" not in budget
    shot(page, "english-event-after-sign-in")
    context.close()
