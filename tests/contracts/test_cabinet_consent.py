"""The consent's choices belong to the expert: accepting the agreements in the cabinet keeps the
consent staff recorded; a choice changes only when the KOL picks another value on a page showing
the current one; every change is a history row (who, when, channel) that staff see and are told
about."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from experts.consent import consent_blocking_reason
from experts.models import Consent
from kolplatform.core.models import AuditLog, Notification
from payments import services as payment_services
from payments.models import Payout
from tests.factories.contracts import force_status, small_pdf
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
WELCOME = "/contracts/cabinet/welcome/"


def _record_named_consent(client, staff, expert):
    """Staff record the expert's consent with named disclosure, through the profile form."""
    client.force_login(staff)
    response = client.post(
        reverse("experts:consent_add", args=[expert.pk]),
        {
            "text_version": "2.0",
            "scope": "contracting",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "allows_named_disclosure": "on",
            "allows_email": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return expert.consents.order_by("-given_at", "-pk").first()


def _shown_values(html: str) -> dict:
    """What a browser sends back for the consent part of the form as it was shown."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or not value:
            continue
        name = name.group(1)
        if name == "shown_consent" or (
            name in ("allows_named_disclosure", "allows_email") and " checked" in tag
        ):
            values[name] = value.group(1)
    return values


def _paid_payout(expert, finance):
    payout = payment_services.payout_create_from_act(
        act=signed_act(expert=expert, amount=Decimal("40000.00")), actor=finance
    )
    force_status(payout, Payout.Status.PAID)
    Payout.objects.filter(pk=payout.pk).update(paid_at=date(2026, 4, 1))


def _transparency_names(client, compliance, expert) -> bool:
    client.force_login(compliance)
    page = client.get(reverse("payments:transparency"), {"year": 2026}).content.decode()
    client.logout()
    return expert.last_name in page


@pytest.fixture
def named(client, field_staff, kol):
    """kol's expert, looked after by field_staff, with a consent allowing named disclosure."""
    expert = kol.expert
    expert.responsible = field_staff
    expert.save(update_fields=["responsible"])
    return _record_named_consent(client, field_staff, expert)


def test_accepting_the_agreements_keeps_named_disclosure(client, kol, named, compliance, finance):
    _paid_payout(kol.expert, finance)
    assert _transparency_names(client, compliance, kol.expert)
    client.force_login(kol)
    response = client.post(WELCOME, {"accept_esign": "on", "accept_consent": "on"})
    assert response.status_code == 302
    current = kol.expert.consents.order_by("-given_at", "-pk").first()
    assert current.pk == named.pk and current.allows_named_disclosure
    client.logout()
    assert _transparency_names(client, compliance, kol.expert)


def test_accepting_the_form_as_shown_changes_nothing(client, kol, named):
    client.force_login(kol)
    shown = _shown_values(client.get(WELCOME).content.decode())
    assert shown == {
        "allows_named_disclosure": "1",
        "allows_email": "1",
        "shown_consent": str(named.pk),
    }
    client.post(WELCOME, {"accept_esign": "on", "accept_consent": "on", **shown})
    assert kol.expert.consents.count() == 2  # the factory's first one and the staff's
    assert not Notification.objects.filter(title__contains="consent").exists()
    assert kol.expert.consents.order_by("-given_at", "-pk").first().allows_named_disclosure


def test_the_cabinet_shows_the_current_choice(client, kol, named):
    client.force_login(kol)
    page = client.get(WELCOME).content.decode()
    yes = re.search(r'<input[^>]*name="allows_named_disclosure"[^>]*value="1"[^>]*>', page)
    no = re.search(r'<input[^>]*name="allows_named_disclosure"[^>]*value="0"[^>]*>', page)
    assert yes and " checked" in yes.group(0)
    assert no and " checked" not in no.group(0)
    assert 'data-testid="consent-current"' in page


def test_the_kol_switches_named_disclosure_off(
    client, kol, named, field_staff, compliance, finance
):
    _paid_payout(kol.expert, finance)
    client.force_login(kol)
    shown = _shown_values(client.get(WELCOME).content.decode())
    response = client.post(
        WELCOME,
        {"accept_esign": "on", "accept_consent": "on", **shown, "allows_named_disclosure": "0"},
    )
    assert response.status_code == 302
    new = kol.expert.consents.order_by("-given_at", "-pk").first()
    assert new.pk != named.pk
    assert new.channel == Consent.Channel.CABINET and new.recorded_by == kol
    assert not new.allows_named_disclosure and new.allows_email
    named.refresh_from_db()
    assert named.allows_named_disclosure and named.withdrawn_at is None  # history is kept
    note = Notification.objects.get(recipient=field_staff)
    assert kol.expert.last_name in note.title and "→" in note.body
    assert AuditLog.objects.filter(actor=kol, changes__consent=new.pk).exists()
    client.logout()
    assert not _transparency_names(client, compliance, kol.expert)
    client.force_login(field_staff)
    profile = client.get(reverse("experts:detail", args=[kol.expert.pk])).content.decode()
    history = profile[profile.index('data-testid="consent-history"') :]
    history = history[: history.index("</ul>")]
    assert "cabinet" in history and str(kol) in history
    assert 'data-testid="consent-change"' in history


def test_after_acceptance_the_kol_changes_a_choice_on_the_same_page(client, kol, named):
    client.force_login(kol)
    client.post(WELCOME, {"accept_esign": "on", "accept_consent": "on"})
    page = client.get(WELCOME).content.decode()
    assert 'data-testid="consent-choices"' in page
    shown = _shown_values(page)
    client.post(WELCOME, {**shown, "allows_email": "0"})
    new = kol.expert.consents.order_by("-given_at", "-pk").first()
    assert new.recorded_by == kol and not new.allows_email and new.allows_named_disclosure
    response = client.post(WELCOME, _shown_values(client.get(WELCOME).content.decode()))
    assert response.status_code == 302
    assert kol.expert.consents.count() == 3  # saving the same choices adds nothing


def test_a_stale_page_cannot_change_a_choice(client, kol, named, field_staff):
    client.force_login(kol)
    shown = _shown_values(client.get(WELCOME).content.decode())
    client.logout()
    newer = _record_named_consent(client, field_staff, kol.expert)
    client.force_login(kol)
    response = client.post(
        WELCOME,
        {"accept_esign": "on", "accept_consent": "on", **shown, "allows_named_disclosure": "0"},
        follow=True,
    )
    assert "changed meanwhile" in response.content.decode()
    assert kol.expert.consents.order_by("-given_at", "-pk").first().pk == newer.pk


def test_a_bad_choice_value_is_refused_and_nothing_is_stored(client, kol, named):
    client.force_login(kol)
    response = client.post(
        WELCOME,
        {"accept_esign": "on", "accept_consent": "on", "allows_named_disclosure": "maybe"},
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert kol.expert.consents.count() == 2


def test_withdrawal_in_the_cabinet_records_who_and_channel(client, kol, named, field_staff):
    client.force_login(kol)
    response = client.post(reverse("experts:consent_withdraw", args=[named.pk]))
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.withdrawn_by == kol and named.withdrawal_channel == Consent.Channel.CABINET
    client.force_login(field_staff)
    profile = client.get(reverse("experts:detail", args=[kol.expert.pk])).content.decode()
    assert "withdrawn" in profile


def test_withdrawing_after_a_choice_change_ends_every_open_row(client, kol, named, field_staff):
    """A change of choices keeps the earlier row as history; withdrawing the consent in force
    ends the earlier open rows too, so the expert is blocked (152-FZ)."""
    client.force_login(kol)
    shown = _shown_values(client.get(WELCOME).content.decode())
    client.post(
        WELCOME,
        {"accept_esign": "on", "accept_consent": "on", **shown, "allows_named_disclosure": "0"},
    )
    current = kol.expert.consents.order_by("-given_at", "-pk").first()
    assert current.pk != named.pk
    client.force_login(field_staff)
    profile = client.get(reverse("experts:detail", args=[kol.expert.pk])).content.decode()
    withdraw = reverse("experts:consent_withdraw", args=[named.pk])
    assert withdraw not in profile  # only the consent in force offers "Withdraw"
    client.force_login(kol)
    response = client.post(reverse("experts:consent_withdraw", args=[current.pk]))
    assert response.status_code == 302
    assert not kol.expert.consents.filter(withdrawn_at__isnull=True).exists()
    assert consent_blocking_reason(expert=kol.expert) is not None


def test_staff_entry_and_paper_scan_channels(client, named, compliance, kol):
    assert named.channel == Consent.Channel.STAFF and named.recorded_by is not None
    client.force_login(compliance)
    scan = SimpleUploadedFile("consent.pdf", small_pdf("Согласие"), "application/pdf")
    client.post(
        reverse("experts:consent_add", args=[kol.expert.pk]),
        {
            "text_version": "2.0",
            "scope": "contracting",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "allows_email": "on",
            "file": scan,
        },
    )
    paper = kol.expert.consents.get(document__isnull=False)
    assert paper.channel == Consent.Channel.PAPER and paper.recorded_by == compliance


def test_another_kol_cannot_withdraw_or_see_this_consent(client, other_kol, named):
    client.force_login(other_kol)
    response = client.post(reverse("experts:consent_withdraw", args=[named.pk]))
    assert response.status_code == 404
    named.refresh_from_db()
    assert named.withdrawn_at is None
    page = client.get(WELCOME).content.decode()
    assert f'value="{named.pk}"' not in page


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("field_staff", 403),
        ("marketing_manager", 403),
        ("compliance", 403),
        ("admin", 403),
        ("kol", 200),
        ("other_kol", 200),
    ],
)
def test_the_agreements_page_by_role(client, personas, persona, code):
    client.force_login(personas[persona])
    assert client.get(WELCOME).status_code == code


def test_the_agreements_page_needs_sign_in(client):
    response = client.get(WELCOME)
    assert response.status_code == 302 and "/login/" in response["Location"]
