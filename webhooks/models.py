"""Outbound webhooks (Standard Webhooks v1): endpoints, the messages of domain events, and their
deliveries with every attempt.

A domain event (kolplatform.core.hooks.EVENTS) writes one Message and one Delivery per enabled
endpoint subscribed to its type, in the transaction that emitted it (the outbox). A Celery task
delivers each Delivery on commit; a beat sweeper picks up the due ones, so a delivery survives a
broker or worker outage. Attempts are kept for the delivery log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from kolplatform.core.fields import EncryptedCharField

ALL_EVENTS = "*"  # an endpoint subscribed to every event type, including those added later


class Endpoint(models.Model):
    class Status(models.TextChoices):
        ENABLED = "enabled", _("Enabled")
        DISABLED = "disabled", _("Disabled")

    class DisabledReason(models.TextChoices):
        MANUAL = "manual", _("Disabled by a user")
        GONE = "gone", _("The receiver answered 410 Gone")
        FAILING = "failing", _("Failing for too long")

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(
        _("event types"),
        default=list,
        help_text=_("Names of domain events; '*' subscribes to all, including future ones."),
    )
    secret = EncryptedCharField(_("signing secret"), max_length=200)
    previous_secret = EncryptedCharField(
        _("previous signing secret"), max_length=200, null=True, blank=True
    )
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENABLED, protected=True
    )
    disabled_reason = models.CharField(
        _("why disabled"), max_length=16, choices=DisabledReason.choices, blank=True
    )
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("The first failed attempt after the last success."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Told when the endpoint is disabled."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.description or self.url

    def subscribes_to(self, event_type: str) -> bool:
        return ALL_EVENTS in self.event_types or event_type in self.event_types

    @transition(field=status, source=Status.DISABLED, target=Status.ENABLED)
    def enable(self):
        """Deliveries resume, the failing clock restarts."""

    @transition(field=status, source=Status.ENABLED, target=Status.DISABLED)
    def disable(self):
        """No new deliveries are written and the pending ones wait."""


class Message(models.Model):
    """One domain event as sent: `body` is the exact JSON signed and posted on every attempt."""

    msg_id = models.CharField(_("webhook id"), max_length=40, unique=True)
    event_type = models.CharField(_("event type"), max_length=64, db_index=True)
    body = models.TextField(_("body"))
    occurred_at = models.DateTimeField(_("occurred"))

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook messages")
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.event_type} {self.msg_id}"


class Delivery(models.Model):
    """One message to one endpoint; `next_attempt_at` is when it is due (a claimed delivery
    carries its lease there, so a worker that dies leaves it due again)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, protected=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
            models.Index(fields=["endpoint", "status", "-created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "endpoint"], name="webhooks_delivery_once_per_endpoint"
            )
        ]

    def __str__(self):
        return f"{self.message} -> {self.endpoint}"

    @transition(field=status, source=Status.PENDING, target=Status.SUCCEEDED)
    def succeed(self):
        """A 2xx answer."""

    @transition(field=status, source=Status.PENDING, target=Status.FAILED)
    def give_up(self):
        """The last attempt of the schedule failed, or the endpoint answered 410 Gone."""

    @transition(field=status, source=[Status.SUCCEEDED, Status.FAILED], target=Status.PENDING)
    def resend(self):
        """Sent again by hand: the schedule starts over, with the same webhook id."""


class Attempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    attempted_at = models.DateTimeField(_("attempted"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    latency_ms = models.PositiveIntegerField(_("latency, ms"), default=0)
    response_body = models.TextField(_("response (truncated)"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
