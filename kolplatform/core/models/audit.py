"""Append-only audit log: every FSM transition and every sensitive read leaves a row here.

Rows are never changed or deleted: the model refuses it, the queryset refuses it, and on
PostgreSQL a trigger (migration 0003) rejects UPDATE and DELETE even from raw SQL.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from kolplatform.core.labels import content_type_label


class AuditLogImmutableError(Exception):
    pass


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutableError("audit records cannot be changed")

    def delete(self):
        raise AuditLogImmutableError("audit records cannot be deleted")


class AuditLog(models.Model):
    class Action(models.TextChoices):
        TRANSITION = "transition", _("Status change")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        VIEW_SENSITIVE = "view_sensitive", _("Viewed sensitive data")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Signed in")
        OTHER = "other", _("Other")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    from_state = models.CharField(_("from"), max_length=64, blank=True)
    to_state = models.CharField(_("to"), max_length=64, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogImmutableError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("audit records cannot be deleted")

    @property
    def object_kind(self) -> str:
        """The translated name of the kind of object recorded."""
        return content_type_label(self.content_type)

    @property
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)

    def _state_label(self, value: str) -> str:
        """The translated label of a status value of the recorded object's `status` field."""
        model = self.content_type.model_class() if self.content_type_id else None
        if not value or model is None:
            return value
        try:
            choices = dict(model._meta.get_field("status").flatchoices)
        except FieldDoesNotExist:
            return value
        return str(choices.get(value, value))
