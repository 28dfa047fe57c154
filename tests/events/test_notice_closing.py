"""An event closes only with its regulator notice submitted, or with a compliance officer's
override and its written reason — through the event page."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from events import closing, notices
from events.models import Event, EventType
from kolplatform.core.models import AuditLog
from tests.events.conftest import set_status
from tests.events.test_closing import accept_all

pytestmark = pytest.mark.django_db

REASON = "Уведомление подано на бумаге 12.03, РЗН подтвердил по телефону"


@pytest.fixture
def ready_event(draft_event, marketing_manager, compliance):
    """Closing, every checklist item accepted: only the notice can keep it open."""
    event = set_status(draft_event, Event.Status.CLOSING, approved_total=Decimal("100000"))
    closing.checklist_create(event=event)
    accept_all(event, marketing_manager, compliance)
    return event


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {}, follow=True)


def close_url(event):
    return reverse("events:transition", args=[event.pk, "close"])


def override_url(event):
    return reverse("events:notice_close_override", args=[event.pk])


def status_of(event):
    event.refresh_from_db()
    return event.status


def test_close_without_submitted_notice_is_refused_with_the_reason(
    client, ready_event, marketing_manager
):
    response = post(client, marketing_manager, close_url(ready_event))
    assert status_of(ready_event) == Event.Status.CLOSING
    assert "The regulator notice is not submitted" in response.content.decode()


def test_event_page_says_why_it_cannot_close(client, ready_event, marketing_manager):
    client.force_login(marketing_manager)
    page = client.get(reverse("events:detail", args=[ready_event.pk])).content.decode()
    assert 'data-testid="closing-blocked"' in page
    assert "The regulator notice is not submitted" in page


def test_submitted_notice_lets_the_event_close(client, ready_event, marketing_manager, compliance):
    post(client, compliance, reverse("events:notice_generate", args=[ready_event.pk]))
    notice = ready_event.notices.get()
    post(
        client,
        compliance,
        reverse("events:notice_submit", args=[ready_event.pk, notice.pk]),
        {"submitted_on": timezone.localdate().isoformat(), "reference": "РЗН-1"},
    )
    post(client, marketing_manager, close_url(ready_event))
    assert status_of(ready_event) == Event.Status.CLOSED


def test_updated_notice_not_yet_submitted_keeps_the_event_open(
    client, ready_event, marketing_manager, compliance
):
    notice = notices.notice_generate(event=ready_event, actor=compliance)
    notices.notice_submit(
        notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference="1"
    )
    notices.notice_refresh_after_change(event=ready_event, actor=compliance, reason="Новый зал")
    post(client, marketing_manager, close_url(ready_event))
    assert status_of(ready_event) == Event.Status.CLOSING


def test_compliance_override_with_reason_lets_the_event_close(
    client, ready_event, marketing_manager, compliance
):
    response = post(client, compliance, override_url(ready_event), {"reason": f"  {REASON} "})
    assert "Closing without a submitted notice is allowed" in response.content.decode()
    post(client, marketing_manager, close_url(ready_event))
    assert status_of(ready_event) == Event.Status.CLOSED
    assert ready_event.notice_close_override_by == compliance
    assert ready_event.notice_close_override_reason == REASON

    records = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Event), object_id=str(ready_event.pk)
    )
    assert records.filter(comment=REASON, changes__notice_close_override=True).exists()
    assert records.filter(to_state=Event.Status.CLOSED, comment=REASON).exists()

    client.force_login(marketing_manager)
    page = client.get(reverse("events:detail", args=[ready_event.pk])).content.decode()
    assert 'data-testid="notice-close-override"' in page and REASON in page
    client.force_login(compliance)
    assert REASON[:40] in client.get(reverse("core:audit_log")).content.decode()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_override_needs_a_reason_of_sane_length(client, ready_event, compliance, reason):
    response = post(client, compliance, override_url(ready_event), {"reason": reason})
    ready_event.refresh_from_db()
    assert ready_event.notice_close_override_reason == ""
    assert "reason" in response.content.decode()
    assert status_of(ready_event) == Event.Status.CLOSING


@pytest.mark.parametrize("name", ["marketing_manager", "approver", "field_staff", "kol"])
def test_only_compliance_may_override(client, personas, ready_event, name):
    client.force_login(personas[name])
    response = client.post(override_url(ready_event), {"reason": REASON})
    assert response.status_code == 403
    ready_event.refresh_from_db()
    assert ready_event.notice_close_override_reason == ""
    assert not AuditLog.objects.filter(comment=REASON).exists()


def test_override_only_while_closing(client, draft_event, compliance):
    set_status(draft_event, Event.Status.HELD)
    response = post(client, compliance, override_url(draft_event), {"reason": REASON})
    draft_event.refresh_from_db()
    assert draft_event.notice_close_override_reason == ""
    assert "only while the event closes" in response.content.decode()


def test_override_form_only_for_compliance(client, ready_event, marketing_manager, compliance):
    detail = reverse("events:detail", args=[ready_event.pk])
    client.force_login(compliance)
    assert 'data-testid="notice-close-override-form"' in client.get(detail).content.decode()
    client.force_login(marketing_manager)
    assert 'data-testid="notice-close-override-form"' not in client.get(detail).content.decode()


def test_type_without_notice_closes_without_one(client, ready_event, marketing_manager):
    EventType.objects.filter(pk=ready_event.event_type_id).update(requires_regulator_notice=False)
    post(client, marketing_manager, close_url(ready_event))
    assert status_of(ready_event) == Event.Status.CLOSED
