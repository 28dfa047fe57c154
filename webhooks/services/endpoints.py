"""Endpoints: create, change, rotate the secret, disable/enable; re-send deliveries by hand."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.models import AuditLog, Notification
from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role
from webhooks.errors import WebhookError
from webhooks.models import Delivery, Endpoint
from webhooks.signing import secret_generate

EDITABLE = ("url", "description", "event_types", "owner")


def secrets_in_force(endpoint: Endpoint, *, now=None) -> list[str]:
    """The current secret, then the previous one while its overlap window lasts."""
    now = now or timezone.now()
    found = [endpoint.secret]
    if endpoint.previous_secret and (endpoint.previous_secret_expires_at or now) > now:
        found.append(endpoint.previous_secret)
    return found


@transaction.atomic
def endpoint_create(*, actor, url: str, event_types: list[str], description="", owner=None):
    """A new enabled endpoint with a fresh secret (shown to its creator once)."""
    if not event_types:
        raise WebhookError(_("Choose at least one event type."), field="event_types")
    endpoint = Endpoint.objects.create(
        url=url,
        description=description,
        event_types=sorted(event_types),
        owner=owner or actor,
        secret=secret_generate(),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=endpoint,
        changes={"url": url, "event_types": endpoint.event_types},
    )
    return endpoint


@transaction.atomic
def endpoint_update(*, endpoint: Endpoint, actor, **data) -> dict:
    if "event_types" in data:
        if not data["event_types"]:
            raise WebhookError(_("Choose at least one event type."), field="event_types")
        data["event_types"] = sorted(data["event_types"])
    changes = {}
    for field in EDITABLE:
        if field in data and getattr(endpoint, field) != data[field]:
            old, new = getattr(endpoint, field), data[field]
            changes[field] = [getattr(old, "pk", old), getattr(new, "pk", new)]
            setattr(endpoint, field, new)
    if changes:
        endpoint.save(update_fields=[*changes, "updated_at"])
        audit_log(actor=actor, action=AuditLog.Action.UPDATE, obj=endpoint, changes=changes)
    return changes


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: Endpoint, actor) -> str:
    """A new secret; the old one still signs (second signature) for the overlap window."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    overlap = timedelta(hours=settings.WEBHOOKS_SECRET_OVERLAP_HOURS)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + overlap
    endpoint.secret = secret_generate()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=endpoint,
        comment="signing secret rotated",
        changes={"previous_secret_valid_until": endpoint.previous_secret_expires_at.isoformat()},
    )
    return endpoint.secret


@transaction.atomic
def endpoint_disable(*, endpoint: Endpoint, reason: str, actor) -> Endpoint:
    """Disable; when it is the system that disables (410, failing for days) the owner — or the
    administrators when it has none — is told."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.status != Endpoint.Status.ENABLED:
        return endpoint
    endpoint.disable()
    endpoint.disabled_reason, endpoint.disabled_at = reason, timezone.now()
    endpoint.save(update_fields=["status", "disabled_reason", "disabled_at"])
    audit_transition(actor=actor, obj=endpoint, from_state=Endpoint.Status.ENABLED, comment=reason)
    if actor is None:
        _notify_disabled(endpoint)
    return endpoint


def _notify_disabled(endpoint: Endpoint) -> None:
    recipients = [endpoint.owner] if endpoint.owner and endpoint.owner.is_active else []
    if not recipients:
        recipients = get_user_model().objects.filter(groups__name=Role.ADMIN, is_active=True)
    notify(
        recipients=recipients,
        title=_("Webhook endpoint disabled: %(endpoint)s") % {"endpoint": endpoint},
        body=str(endpoint.get_disabled_reason_display()),
        url=reverse("webhooks:endpoint", args=[endpoint.pk]),
        level=Notification.Level.WARNING,
    )


@transaction.atomic
def endpoint_enable(*, endpoint: Endpoint, actor) -> Endpoint:
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.status != Endpoint.Status.DISABLED:
        raise WebhookError(_("The endpoint is already enabled."))
    endpoint.enable()
    endpoint.disabled_reason, endpoint.disabled_at, endpoint.failing_since = "", None, None
    endpoint.save(update_fields=["status", "disabled_reason", "disabled_at", "failing_since"])
    audit_transition(actor=actor, obj=endpoint, from_state=Endpoint.Status.DISABLED)
    return endpoint


def _queue_on_commit(ids: list[int]) -> None:
    from webhooks.services.outbox import _queue

    transaction.on_commit(lambda: _queue(ids))


@transaction.atomic
def delivery_resend(*, delivery: Delivery, actor) -> Delivery:
    """Send one delivery again now (same webhook id; the schedule starts over)."""
    delivery = Delivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
    if delivery.status != Delivery.Status.PENDING:
        delivery.resend()
    delivery.attempts, delivery.next_attempt_at = 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_log(actor=actor, action=AuditLog.Action.OTHER, obj=delivery, comment="re-sent")
    _queue_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def deliveries_resend_failed(*, endpoint: Endpoint, actor, limit: int = 10_000) -> int:
    """Send every failed delivery of the endpoint again; returns how many."""
    failed = list(
        Delivery.objects.select_for_update()
        .filter(endpoint=endpoint, status=Delivery.Status.FAILED)
        .order_by("pk")[:limit]
    )
    now = timezone.now()
    for delivery in failed:
        delivery.resend()
        delivery.attempts, delivery.next_attempt_at = 0, now
    Delivery.objects.bulk_update(failed, ["status", "attempts", "next_attempt_at"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.OTHER,
        obj=endpoint,
        comment="failed deliveries re-sent",
        changes={"deliveries": len(failed)},
    )
    _queue_on_commit([d.pk for d in failed])
    return len(failed)
