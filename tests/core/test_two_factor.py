"""Two-factor sign-in (kolplatform/core/two_factor.py) through the sign-in form and the pages, as
a person meets it. The tests run with the demo exemption off unless they say otherwise."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kolplatform.core.models import AuditLog
from tests.core.test_settings import django_env, production_env, run_python

PASSWORD = "pass12345!"  # tests.factories.core.UserFactory


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.TWO_FACTOR_DEMO_EXEMPT = False


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def setup_url(next_path: str) -> str:
    return reverse("core:two_factor_setup") + "?next=" + next_path.replace("/", "%2F")


def test_finance_without_authenticator_is_sent_to_setup_from_every_page(client, finance):
    sign_in(client, finance)
    for path in ["/", reverse("payments:list"), reverse("experts:list"), "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == setup_url(path)
    htmx = client.get(reverse("core:notifications_bell"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("core:two_factor_setup")
    assert client.post(reverse("payments:list")).status_code == 302  # no write slips through


def test_finance_sets_up_the_authenticator_and_gets_in(client, finance):
    sign_in(client, finance)
    page = client.get(setup_url(reverse("payments:list")))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="two-factor-required"' in html
    assert re.search(r'<img src="data:image/svg\+xml', html)
    device = TOTPDevice.objects.get(user=finance, confirmed=False)
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "").rstrip("=") in device.config_url

    wrong = client.post(reverse("core:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200 and "The code is wrong" in wrong.content.decode()
    assert client.get("/").status_code == 302
    too_soon = client.post(reverse("core:two_factor_setup"), {"code": code_for(device)})
    assert "Too many wrong codes: wait 1 second" in too_soon.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)
    device.save(update_fields=["throttling_failure_timestamp"])

    response = client.post(
        reverse("core:two_factor_setup"),
        {"code": code_for(device), "next": reverse("payments:list")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("payments:list")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("payments:list")).status_code == 200
    assert AuditLog.objects.filter(actor=finance, comment="two-factor sign-in turned on").exists()


@pytest.mark.parametrize("exempt", [False, True])
def test_a_confirmed_authenticator_asks_for_a_code(client, settings, finance, exempt):
    settings.TWO_FACTOR_DEMO_EXEMPT = exempt  # the exemption never skips an existing device
    device = TOTPDevice.objects.create(user=finance, name="phone", confirmed=True)
    sign_in(client, finance)
    verify = reverse("core:two_factor_verify")
    assert client.get("/").headers["Location"] == verify + "?next=%2F"
    before = client.get(verify).content.decode()
    assert reverse("payments:list") not in before  # no menu before the second factor

    wrong = client.post(verify, {"code": "123456"})
    assert wrong.status_code == 200 and "The code is wrong" in wrong.content.decode()
    bad_input = client.post(verify, {"code": "12ab<script>"})
    assert bad_input.status_code == 200 and "Enter the 6 digits" in bad_input.content.decode()
    assert client.get("/").status_code == 302
    # A right code straight after a wrong one waits out the throttle (brute force gets slow).
    refused = client.post(verify, {"code": code_for(device)})
    assert refused.status_code == 200
    assert "Too many wrong codes: wait 1 second" in refused.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(verify, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get("/").status_code == 200
    assert client.get(reverse("payments:list")).status_code == 200


def test_a_used_code_cannot_be_replayed_in_a_new_session(client, finance):
    device = TOTPDevice.objects.create(user=finance, name="phone", confirmed=True)
    code = code_for(device)
    sign_in(client, finance)
    assert client.post(reverse("core:two_factor_verify"), {"code": code}).status_code == 302
    client.logout()
    sign_in(client, finance)
    replay = client.post(reverse("core:two_factor_verify"), {"code": code})
    assert replay.status_code == 200
    assert client.get("/").status_code == 302


def test_admin_is_required_too(client, admin_user):
    sign_in(client, admin_user)
    assert client.get("/admin/")["Location"] == setup_url("/admin/")


def test_field_staff_is_not_forced_but_may_turn_it_on(client, field_staff):
    sign_in(client, field_staff)
    assert client.get("/").status_code == 200
    security = client.get(reverse("core:two_factor_security"))
    assert security.status_code == 200 and "Turn on two-factor sign-in" in security.content.decode()
    page = client.get(reverse("core:two_factor_setup"))
    assert page.status_code == 200 and "two-factor-required" not in page.content.decode()
    device = TOTPDevice.objects.get(user=field_staff)
    client.post(reverse("core:two_factor_setup"), {"code": code_for(device)})
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    client.logout()
    sign_in(client, field_staff)  # from now on the code is asked for
    assert client.get("/")["Location"].startswith(reverse("core:two_factor_verify"))


def test_kols_are_not_asked_and_have_no_security_page(client, kol):
    sign_in(client, kol)
    assert client.get(reverse("contracts:cabinet_home")).status_code == 200
    assert client.get(reverse("core:two_factor_security")).status_code == 403
    assert client.get(reverse("core:two_factor_setup")).status_code == 403


def test_the_demo_exemption_lets_required_roles_in_without_a_device(client, settings, finance):
    settings.TWO_FACTOR_DEMO_EXEMPT = True
    sign_in(client, finance)
    assert client.get(reverse("payments:list")).status_code == 200


def test_a_session_from_before_is_checked_on_its_first_request(client, finance):
    client.force_login(finance)
    session = client.session
    session.pop("two_factor_state", None)
    session.save()
    assert client.get("/")["Location"] == setup_url("/")


def test_anonymous_pages_are_untouched(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("core:two_factor_verify"))["Location"].startswith(reverse("login"))


def test_production_refuses_the_demo_exemption(tmp_path):
    env = django_env(tmp_path, **production_env(tmp_path), TWO_FACTOR_DEMO_EXEMPT="1")
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TWO_FACTOR_DEMO_EXEMPT" in result.stderr
    ok = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TWO_FACTOR_DEMO_EXEMPT, s.TWO_FACTOR_REQUIRED_ROLES)",
        django_env(tmp_path, **production_env(tmp_path)),
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().splitlines()[-1] == "False ['finance', 'admin']"
