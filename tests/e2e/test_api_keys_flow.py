"""The API keys page: an administrator creates a key for a CRM, sees it once, revokes it."""

import pytest

from api.models import ApiKey
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_creates_sees_once_and_revokes_a_key(page, phone_page, admin_user):
    login(page, admin_user)
    page.goto("/integrations/keys/")
    page.fill("input[name=integration]", "CRM Битрикс")
    page.select_option("select[name=role]", "marketing_manager")
    page.check("input[value='experts:read']")
    page.check("input[value='experts:write']")
    page.click("[data-testid=key-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    key = page.get_by_test_id("key-value").inner_text().strip()
    api_key = ApiKey.objects.get(integration="CRM Битрикс")
    assert key.startswith(api_key.prefix + ".") and api_key.is_valid(key)
    shot(page, "api-keys-created")
    page.goto("/integrations/keys/")
    shot(page, "api-keys-desktop")
    assert key not in page.content()  # shown once only
    assert "experts:read, experts:write" in page.get_by_test_id("key-table").inner_text()
    login(phone_page, admin_user)
    phone_page.goto("/integrations/keys/")
    shot(phone_page, "api-keys-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    table = phone_page.get_by_test_id("key-table")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")  # nor in the table
    assert "experts:read, experts:write" in table.inner_text()  # under the name on a phone
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_load_state("networkidle")
    assert "Revoked" in page.get_by_test_id("key-table").inner_text()
    api_key.refresh_from_db()
    assert api_key.revoked
