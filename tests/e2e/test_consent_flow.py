"""The consent's choices in the browser, on a phone: the KOL sees the named-disclosure choice
staff recorded, switches it off on the agreements page, and staff see the change in the
profile's consent history."""

import pytest

from experts.models import Consent
from experts.services.experts import consent_record
from kolplatform.core.models import Notification
from tests.e2e.conftest import login, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_kol_sees_the_current_choice_and_staff_see_the_change(phone_page, kol, field_staff):
    page = phone_page
    page.set_default_timeout(30_000)
    expert = kol.expert
    expert.responsible = field_staff
    expert.save(update_fields=["responsible"])
    recorded = consent_record(
        expert=expert, actor=field_staff, text_version="2.0", allows_named_disclosure=True
    )

    login(page, kol)
    page.goto("/contracts/cabinet/welcome/")
    named_yes = page.locator("input[name=allows_named_disclosure][value='1']")
    named_no = page.locator("input[name=allows_named_disclosure][value='0']")
    assert named_yes.is_checked() and not named_no.is_checked()
    shot(page, "consent-cabinet-current-phone")
    page.check("input[name=accept_esign]")
    page.check("input[name=accept_consent]")
    named_no.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/contracts/cabinet/")
    latest = expert.consents.order_by("-given_at", "-pk").first()
    assert latest.pk != recorded.pk and latest.channel == Consent.Channel.CABINET
    assert not latest.allows_named_disclosure
    page.goto("/contracts/cabinet/welcome/")
    assert page.locator("input[name=allows_named_disclosure][value='0']").is_checked()
    page.context.clear_cookies()

    assert Notification.objects.filter(recipient=field_staff).exists()
    login(page, field_staff)
    page.goto(f"/experts/{expert.pk}/")
    history = page.get_by_test_id("consent-history")
    history.scroll_into_view_if_needed()
    assert "cabinet" in history.inner_text()
    newest_change = page.get_by_test_id("consent-change").first.inner_text()
    assert "named disclosure allowed yes → no" in newest_change
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "consent-profile-history-phone")
