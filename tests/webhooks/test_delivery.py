"""Domain events go out through the outbox to a real local receiver: signed, thin, retried on the
specification's schedule, 410 disables the endpoint, Retry-After is honoured, and an endpoint
failing for days is disabled with its owner told."""

import json
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from kolplatform.core import hooks
from kolplatform.core.models import Notification
from webhooks.models import Attempt, Delivery, Endpoint, Message
from webhooks.services.delivery import delivery_attempt
from webhooks.services.endpoints import endpoint_create, endpoint_rotate_secret
from webhooks.tasks import webhook_sweep_due

pytestmark = pytest.mark.django_db


def emit_expert_updated(capture, expert_id=7):
    with capture(execute=True):
        hooks.emit("expert.updated", expert_id=expert_id, actor_id=None, fields=["city"])


def test_an_event_is_delivered_signed_with_the_thin_payload(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    emit_expert_updated(django_capture_on_commit_callbacks)
    (request,) = receiver.received
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "expert.updated"
    assert payload["data"] == {"expert_id": 7, "actor_id": None, "fields": ["city"]}
    assert request.headers["webhook-id"] == Message.objects.get().msg_id
    assert request.headers["content-type"] == "application/json"
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 1
    attempt = Attempt.objects.get()
    assert attempt.status_code == 200 and attempt.response_body == "ok"


def test_only_subscribed_enabled_endpoints_get_a_delivery(
    endpoint, receiver, webhook_admin, django_capture_on_commit_callbacks
):
    other = endpoint_create(actor=webhook_admin, url=receiver.url, event_types=["act.signed"])
    everything = endpoint_create(actor=webhook_admin, url=receiver.url, event_types=["*"])
    emit_expert_updated(django_capture_on_commit_callbacks)
    assert set(Delivery.objects.values_list("endpoint", flat=True)) == {endpoint.pk, everything.pk}
    assert not other.deliveries.exists()
    assert len(receiver.received) == 2


def test_a_batch_of_events_is_written_in_two_statements_and_delivered_each_once(
    endpoint, receiver, webhook_admin, django_capture_on_commit_callbacks
):
    everything = endpoint_create(actor=webhook_admin, url=receiver.url, event_types=["*"])
    payloads = [{"expert_id": n, "actor_id": None, "fields": ["city"]} for n in range(8)]
    with hooks.listening("expert.updated") as got, django_capture_on_commit_callbacks(execute=True):
        with CaptureQueriesContext(connection) as queries:
            hooks.emit_many("expert.updated", payloads)
        # the endpoints, the keys of the messages, the messages, of the deliveries, the deliveries
        assert len(queries) <= 5
    assert got == payloads  # the after-commit subscribers still get one call per event
    assert Message.objects.count() == 8
    assert set(Delivery.objects.values_list("endpoint", flat=True)) == {endpoint.pk, everything.pk}
    received = sorted(
        (json.loads(r.body)["data"]["expert_id"], r.headers["webhook-id"])
        for r in receiver.received
    )
    assert [n for n, _id in received] == sorted(list(range(8)) * 2)  # each to both endpoints
    assert len({msg_id for _n, msg_id in received}) == 8
    assert Delivery.objects.filter(status=Delivery.Status.SUCCEEDED).count() == 16


def test_the_outbox_rows_roll_back_with_the_change(endpoint, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        hooks.emit("expert.updated", expert_id=1, actor_id=None, fields=[])
        assert Delivery.objects.count() == 1  # written in the emitter's transaction
        raise RuntimeError
    assert not Delivery.objects.exists() and not Message.objects.exists()
    assert receiver.received == []


def test_a_failure_is_retried_after_five_seconds_with_jitter(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [(500, {}, b"down")]
    before = timezone.now()
    emit_expert_updated(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.last_status_code == 500
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 4.5 <= wait <= 5.5 + 1
    assert delivery_attempt(delivery.pk) == "not due"  # not yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhook_sweep_due() == 1
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 2
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]  # same id on retries


def test_retry_after_is_honoured(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.answers = [(503, {"Retry-After": "120"}, b"")]
    before = timezone.now()
    emit_expert_updated(django_capture_on_commit_callbacks)
    wait = (Delivery.objects.get().next_attempt_at - before).total_seconds()
    assert 120 <= wait <= 122


def test_gone_disables_the_endpoint_and_tells_its_owner(
    endpoint, receiver, webhook_admin, django_capture_on_commit_callbacks
):
    receiver.answers = [(410, {}, b"gone")]
    emit_expert_updated(django_capture_on_commit_callbacks)
    endpoint = Endpoint.objects.get(pk=endpoint.pk)
    assert endpoint.status == Endpoint.Status.DISABLED
    assert endpoint.disabled_reason == Endpoint.DisabledReason.GONE
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert Notification.objects.filter(recipient=webhook_admin, title__contains="disabled")
    emit_expert_updated(django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1 and len(receiver.received) == 1  # nothing new


def test_the_tenth_failure_gives_up(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.default = (500, {}, b"")
    emit_expert_updated(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    for _ in range(9):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delivery_attempt(delivery.pk)
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert delivery.attempts == 10 and delivery.status == Delivery.Status.FAILED
    assert delivery.next_attempt_at is None and len(receiver.received) == 10


def test_an_endpoint_failing_for_days_is_disabled_and_its_owner_told(
    endpoint, receiver, webhook_admin, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_DISABLE_AFTER_DAYS = 5
    receiver.default = (500, {}, b"")
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - timedelta(days=4, hours=23)
    )
    emit_expert_updated(django_capture_on_commit_callbacks)
    endpoint = Endpoint.objects.get(pk=endpoint.pk)
    assert endpoint.status == Endpoint.Status.ENABLED
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now() - timedelta(days=5))
    emit_expert_updated(django_capture_on_commit_callbacks)
    endpoint = Endpoint.objects.get(pk=endpoint.pk)
    assert endpoint.status == Endpoint.Status.DISABLED
    assert endpoint.disabled_reason == Endpoint.DisabledReason.FAILING
    assert Notification.objects.filter(recipient=webhook_admin).count() == 1


def test_a_success_clears_the_failing_clock(endpoint, django_capture_on_commit_callbacks):
    Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now())
    emit_expert_updated(django_capture_on_commit_callbacks)
    endpoint = Endpoint.objects.get(pk=endpoint.pk)
    assert endpoint.failing_since is None


def test_a_claimed_delivery_is_not_sent_twice(endpoint, receiver):
    with transaction.atomic():
        hooks.emit("expert.updated", expert_id=1, actor_id=None, fields=[])
    delivery = Delivery.objects.get()
    assert delivery_attempt(delivery.pk) == "delivered"
    assert delivery_attempt(delivery.pk) == "not due"
    assert webhook_sweep_due() == 0
    assert len(receiver.received) == 1


def test_a_refused_address_is_logged_and_retried(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    emit_expert_updated(django_capture_on_commit_callbacks)
    attempt = Attempt.objects.get()
    assert attempt.status_code is None and "private network" in attempt.error
    assert receiver.received == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_the_response_is_truncated_in_the_log(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RESPONSE_LOG_CHARS = 100
    receiver.answers = [(200, {}, b"y" * 5000)]
    emit_expert_updated(django_capture_on_commit_callbacks)
    assert Attempt.objects.get().response_body == "y" * 100


def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(
    endpoint, receiver, webhook_admin, django_capture_on_commit_callbacks
):
    old = endpoint.secret
    new = endpoint_rotate_secret(endpoint=endpoint, actor=webhook_admin)
    emit_expert_updated(django_capture_on_commit_callbacks)
    request = receiver.received[-1]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(request.body, request.headers)
    Webhook(new).verify(request.body, request.headers)
    Endpoint.objects.filter(pk=endpoint.pk).update(previous_secret_expires_at=timezone.now())
    emit_expert_updated(django_capture_on_commit_callbacks)
    request = receiver.received[-1]
    assert len(request.headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(request.body, request.headers)
    assert json.loads(request.body)["type"] == "expert.updated"


def test_an_approved_bank_details_request_goes_out_as_expert_updated(
    endpoint, receiver, admin_user, django_capture_on_commit_callbacks
):
    from experts.models import MasterDataRequest
    from experts.services.requests import data_request_approve, data_request_create
    from tests.factories.experts import KolUserFactory

    kol = KolUserFactory()
    request = data_request_create(
        kind=MasterDataRequest.Kind.BANK_DETAILS,
        actor=kol,
        expert=kol.expert,
        payload={"account": "40817810099910004312"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        data_request_approve(request=request, actor=admin_user)
    (received,) = receiver.received
    payload = Webhook(endpoint.secret).verify(received.body, received.headers)
    assert payload["type"] == "expert.updated"
    assert payload["data"] == {
        "expert_id": kol.expert.pk,
        "actor_id": admin_user.pk,
        "fields": ["bank_details"],
    }
    assert b"40817810099910004312" not in received.body  # thin: no values
