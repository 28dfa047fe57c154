"""In a real browser under the Content-Security-Policy: the main pages run their scripts (charts
drawn, confirm dialogs asked) and Chromium reports no CSP violation; a finance user with an
authenticator signs in with a code."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import PASSWORD, login
from tests.factories.events import EventFactory
from tests.factories.experts import ConsentFactory, ExpertFactory

pytestmark = pytest.mark.django_db(transaction=True)


def watch_csp(page) -> list[str]:
    """Console messages of CSP violations (Chromium logs every refused script or style)."""
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(str(error)))
    return violations


def test_main_pages_run_without_csp_violations(page, field_staff):
    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    event = EventFactory(owner=field_staff)
    violations = watch_csp(page)
    login(page, field_staff)
    page.goto(reverse("experts:list"))
    page.fill("#id_q", "zz")  # the htmx filter (no eval, no injected styles)
    page.wait_for_timeout(600)
    page.wait_for_load_state("networkidle")
    for url in [
        reverse("home"),
        reverse("events:detail", args=[event.pk]),
        reverse("analytics:kol", args=[expert.pk]),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto(reverse("analytics:dashboard"))
    page.wait_for_load_state("networkidle")
    # Chart.js drew on the canvases: the static script ran.
    assert page.evaluate("() => Object.keys(Chart.instances).length") == 2
    assert violations == []


def test_withdraw_asks_for_confirmation_from_a_static_script(page, compliance):
    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    violations = watch_csp(page)
    login(page, compliance)
    page.goto(reverse("experts:detail", args=[expert.pk]))
    form = page.locator("form[data-confirm]")
    assert form.count() == 1
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    form.locator("button").first.click()
    page.wait_for_timeout(300)
    assert len(asked) == 1 and "consent" in asked[0].lower()
    assert violations == []


def test_finance_with_an_authenticator_signs_in_with_a_code(page, settings, finance):
    settings.TWO_FACTOR_DEMO_EXEMPT = False
    device = TOTPDevice.objects.create(user=finance, name="phone", confirmed=True)
    violations = watch_csp(page)
    page.goto(reverse("payments:list"))
    page.fill("input[name=username]", finance.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=two-factor-verify]")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("input[name=code]", f"{totp.token():06d}")
    page.click("[data-testid=two-factor-verify] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("payments:list"))
    assert violations == []
