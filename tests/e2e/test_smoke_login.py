import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_logs_in_and_sees_navigation(page, marketing_manager):
    login(page, marketing_manager)
    nav = page.get_by_test_id("main-nav")
    assert nav.is_visible() or page.locator("button.navbar-toggler").is_visible()
    assert page.url.endswith("/")
