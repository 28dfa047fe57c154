"""Two-factor sign-in as a finance user meets it on a phone: sign in, set up the authenticator
from the secret shown on the page, land where they were going; next time, a code is asked."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.e2e.conftest import PASSWORD, shot

pytestmark = pytest.mark.django_db(transaction=True)


def totp_from_secret(secret: str) -> str:
    clean = "".join(secret.split()).upper()
    key = base64.b32decode(clean + "=" * (-len(clean) % 8))
    return f"{TOTP(key).token():06d}"


def sign_in(page, user):
    page.goto(reverse("payments:list"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_finance_sets_up_the_authenticator_then_signs_in_with_a_code(
    request, settings, finance, size
):
    settings.TWO_FACTOR_DEMO_EXEMPT = False
    page = request.getfixturevalue("phone_page" if size == "phone" else "page")
    sign_in(page, finance)
    page.wait_for_selector("[data-testid=two-factor-required]")
    assert page.locator("[data-testid=two-factor-qr]").is_visible()
    shot(page, f"two-factor-setup-{size}")
    if size == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the setup page scrolls sideways on a phone ({width} px)"

    page.fill("input[name=code]", "000000")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".invalid-feedback, .alert-danger, .errorlist")
    page.wait_for_timeout(1100)  # each wrong code holds the next try back for a second
    secret = page.locator("[data-testid=two-factor-secret]").inner_text()
    page.fill("input[name=code]", totp_from_secret(secret))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("payments:list"))

    page.context.clear_cookies()
    sign_in(page, finance)
    page.wait_for_selector("[data-testid=two-factor-verify]")
    shot(page, f"two-factor-verify-{size}")
    assert not page.url.endswith(reverse("payments:list"))
