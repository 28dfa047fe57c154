"""The webhook pages: administrators only; the secret shown once; the delivery log with manual and
bulk re-send; constant query counts and pagination."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kolplatform.core.models import AuditLog
from webhooks.models import Attempt, Delivery, Endpoint, Message
from webhooks.services.endpoints import endpoint_create

pytestmark = pytest.mark.django_db
LIST = reverse("webhooks:endpoints")


def _endpoint(actor, url="https://crm.example.com/hooks"):
    return endpoint_create(actor=actor, url=url, event_types=["expert.updated"])


def _deliveries(endpoint, count, status=Delivery.Status.SUCCEEDED):
    made = []
    for i in range(count):
        message = Message.objects.create(
            msg_id=f"msg_{endpoint.pk}_{status}_{i}",
            event_type="expert.updated",
            body="{}",
            occurred_at=timezone.now(),
        )
        delivery = Delivery.objects.create(message=message, endpoint=endpoint, attempts=1)
        if status == Delivery.Status.SUCCEEDED:
            delivery.succeed()
        elif status == Delivery.Status.FAILED:
            delivery.give_up()
        delivery.save()
        Attempt.objects.create(
            delivery=delivery, attempted_at=timezone.now(), status_code=500, latency_ms=12
        )
        made.append(delivery)
    return made


@pytest.mark.parametrize(
    "persona",
    ["field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "kol"],
)
def test_only_administrators_open_the_pages(client, request, persona, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    (delivery,) = _deliveries(endpoint, 1)
    client.force_login(request.getfixturevalue(persona))
    for url in (
        LIST,
        reverse("webhooks:endpoint_create"),
        reverse("webhooks:endpoint", args=[endpoint.pk]),
        reverse("webhooks:endpoint_update", args=[endpoint.pk]),
        reverse("webhooks:delivery", args=[delivery.pk]),
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        reverse("webhooks:endpoint_rotate", args=[endpoint.pk]),
        reverse("webhooks:endpoint_toggle", args=[endpoint.pk]),
        reverse("webhooks:resend_failed", args=[endpoint.pk]),
        reverse("webhooks:delivery_resend", args=[delivery.pk]),
    ):
        assert client.post(url).status_code == 403, url
    assert Endpoint.objects.get().secret == endpoint.secret


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_shows_the_secret_once(client, webhook_admin, settings):
    client.force_login(webhook_admin)
    response = client.post(
        reverse("webhooks:endpoint_create"),
        {"url": "https://crm.example.com/hooks", "event_types": ["expert.updated", "act.signed"]},
        follow=True,
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.event_types == ["act.signed", "expert.updated"]
    assert endpoint.owner == webhook_admin and endpoint.secret.startswith("whsec_")
    assert endpoint.secret in response.content.decode()
    again = client.get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in again
    assert AuditLog.objects.filter(action=AuditLog.Action.CREATE, object_id=str(endpoint.pk))


def test_all_events_stands_alone(client, webhook_admin):
    client.force_login(webhook_admin)
    client.post(
        reverse("webhooks:endpoint_create"),
        {"url": "https://crm.example.com/hooks", "event_types": ["*", "act.signed"]},
    )
    assert Endpoint.objects.get().event_types == ["*"]


def test_a_private_address_is_refused_with_a_message(client, webhook_admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    client.force_login(webhook_admin)
    response = client.post(
        reverse("webhooks:endpoint_create"),
        {"url": "http://169.254.169.254/latest/", "event_types": ["expert.updated"]},
    )
    assert response.status_code == 200 and "private network" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_edit_changes_the_subscription(client, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    client.force_login(webhook_admin)
    client.post(
        reverse("webhooks:endpoint_update", args=[endpoint.pk]),
        {"url": endpoint.url, "description": "CRM", "event_types": ["payout.status_changed"]},
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.event_types == ["payout.status_changed"] and endpoint.description == "CRM"


def test_rotation_shows_the_new_secret_once_and_keeps_the_old_one(client, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    old = endpoint.secret
    client.force_login(webhook_admin)
    page = client.post(reverse("webhooks:endpoint_rotate", args=[endpoint.pk]), follow=True)
    endpoint = Endpoint.objects.get()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.previous_secret_expires_at > timezone.now()
    assert endpoint.secret in page.content.decode() and old not in page.content.decode()


def test_disable_and_enable(client, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    client.force_login(webhook_admin)
    toggle = reverse("webhooks:endpoint_toggle", args=[endpoint.pk])
    client.post(toggle)
    endpoint = Endpoint.objects.get()
    assert endpoint.status == Endpoint.Status.DISABLED
    assert endpoint.disabled_reason == Endpoint.DisabledReason.MANUAL
    client.post(toggle)
    assert Endpoint.objects.get().status == Endpoint.Status.ENABLED


def test_manual_resend_of_one_delivery(
    client, webhook_admin, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(webhook_admin, url=receiver.url)
    (delivery,) = _deliveries(endpoint, 1, status=Delivery.Status.FAILED)
    client.force_login(webhook_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:delivery_resend", args=[delivery.pk]))
    page = client.get(reverse("webhooks:delivery", args=[delivery.pk]))
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED and len(receiver.received) == 1
    assert receiver.received[0].headers["webhook-id"] == delivery.message.msg_id
    assert page.content.decode().count('data-testid="attempt-row"') == 2


def test_bulk_resend_of_the_failed_deliveries(
    client, webhook_admin, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(webhook_admin, url=receiver.url)
    _deliveries(endpoint, 3, status=Delivery.Status.FAILED)
    _deliveries(endpoint, 2, status=Delivery.Status.SUCCEEDED)
    client.force_login(webhook_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:resend_failed", args=[endpoint.pk]))
    assert len(receiver.received) == 3
    assert not Delivery.objects.filter(status=Delivery.Status.FAILED).exists()


def test_the_log_filters_by_status_and_pages(client, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    _deliveries(endpoint, 27)
    _deliveries(endpoint, 2, status=Delivery.Status.FAILED)
    client.force_login(webhook_admin)
    url = reverse("webhooks:endpoint", args=[endpoint.pk])
    assert client.get(url).content.decode().count('data-testid="delivery-row"') == 25
    assert client.get(url, {"page": 2}).content.decode().count('data-testid="delivery-row"') == 4
    failed = client.get(url, {"status": "failed"}).content.decode()
    assert failed.count('data-testid="delivery-row"') == 2


def test_the_delivery_page_shows_the_attempts(client, webhook_admin):
    endpoint = _endpoint(webhook_admin)
    (delivery,) = _deliveries(endpoint, 1)
    Attempt.objects.create(
        delivery=delivery, attempted_at=timezone.now(), error="ConnectTimeoutError: x"
    )
    client.force_login(webhook_admin)
    page = client.get(reverse("webhooks:delivery", args=[delivery.pk])).content.decode()
    assert page.count('data-testid="attempt-row"') == 2 and "ConnectTimeoutError" in page


@pytest.mark.parametrize("size", [2, 30])
def test_endpoint_list_queries_are_constant(client, webhook_admin, size, django_assert_num_queries):
    for i in range(size):
        _deliveries(_endpoint(webhook_admin, url=f"https://crm{i}.example.com/"), 2)
    client.force_login(webhook_admin)
    client.get(LIST)
    # session, user, role groups (gate), role groups (navigation), count, page
    with django_assert_num_queries(6):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_delivery_log_queries_are_constant(client, webhook_admin, size, django_assert_num_queries):
    endpoint = _endpoint(webhook_admin)
    _deliveries(endpoint, size)
    client.force_login(webhook_admin)
    url = reverse("webhooks:endpoint", args=[endpoint.pk])
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_pages_speak_russian(client, webhook_admin):
    client.force_login(webhook_admin)
    client.cookies["django_language"] = "ru"
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Новая точка приёма" in page
