"""Smoke: every role signs in through the form and sees its own navigation; a KOL is refused a
staff page; the language switch keeps the page; the menu works on a phone."""

import pytest
from django.apps import apps as django_apps

from tests.e2e.conftest import DESKTOP, PHONE, login, shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _russian_company(settings, browser, live_server, request):
    """The demo company works in Russian: browser, default language and the users' own."""
    settings.LANGUAGE_CODE = "ru"
    User = django_apps.get_model("core", "User")
    for name in ("personas", "field_staff"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    User.objects.update(language="ru")


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="ru-RU")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


STAFF = ["field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "admin"]


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("main-nav").locator("a").all_inner_texts()]


@pytest.mark.parametrize("persona", STAFF)
def test_staff_member_signs_in_and_sees_staff_navigation(page, personas, persona):
    user = personas[persona]
    login(page, user)
    assert page.url.endswith("/")
    labels = nav_labels(page)
    assert "Главная" in labels and "Справочники" in labels
    assert "Мой кабинет" not in labels
    assert page.get_by_test_id("module-tiles").is_visible()
    page.get_by_test_id("user-menu").locator("button.dropdown-toggle").click()
    assert page.get_by_test_id("user-roles").is_visible()
    if persona == "marketing_manager":
        shot(page, "foundation-home-desktop")


@pytest.mark.parametrize("persona", ["kol", "other_kol"])
def test_kol_sees_no_staff_navigation_and_gets_403_on_a_staff_page(page, personas, persona):
    login(page, personas[persona])
    labels = nav_labels(page)
    assert "Главная" not in labels and "Справочники" not in labels
    response = page.goto("/reference/")
    assert response.status == 403
    assert page.get_by_test_id("error-403").is_visible()
    assert page.get_by_role("heading", name="Доступ запрещён").is_visible()
    if persona == "kol":
        shot(page, "foundation-403-kol")


def test_wrong_password_shows_an_error_and_keeps_the_username(page, field_staff):
    login(page, field_staff, password="wrong-password")
    assert "/login/" in page.url
    assert page.input_value("input[name=username]") == field_staff.username
    assert page.locator(".alert-danger, .invalid-feedback").first.is_visible()


def test_language_switch_keeps_the_current_page(page, field_staff):
    login(page, field_staff)
    page.goto("/reference/?kind=products")
    assert page.get_by_role("heading", name="Справочники").is_visible()
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/reference/?kind=products")
    assert page.get_by_role("heading", name="Reference data").is_visible()
    shot(page, "foundation-reference-en-desktop")


def test_phone_menu_opens_and_shows_the_role_navigation(phone_page, field_staff):
    page = phone_page
    login(page, field_staff)
    assert not page.get_by_test_id("main-nav").is_visible()
    shot(page, "foundation-home-phone")
    page.locator("button.navbar-toggler").click()
    page.get_by_test_id("main-nav").get_by_text("Ещё").click()
    page.get_by_test_id("main-nav").get_by_text("Справочники").wait_for()
    shot(page, "foundation-menu-phone")
    page.get_by_test_id("main-nav").get_by_text("Справочники").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/reference/")
    shot(page, "foundation-reference-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width}px)"


def test_login_page_on_a_phone(phone_page):
    phone_page.goto("/login/")
    assert phone_page.get_by_role("heading", name="Вход").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone_page, "foundation-login-phone")
