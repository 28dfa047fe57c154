"""Master-data change requests: a proposal by field staff (or a KOL), decided by a data steward."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from kolplatform.core.fields import EncryptedTextField


class MasterDataRequest(models.Model):
    class Kind(models.TextChoices):
        NEW_EXPERT = "new_expert", _("New expert")
        CHANGE_EXPERT = "change_expert", _("Change of expert data")
        NEW_INSTITUTION = "new_institution", _("New institution")
        CHANGE_INSTITUTION = "change_institution", _("Change of institution data")
        BANK_DETAILS = "bank_details", _("Change of bank details")
        MERGE = "merge", _("Merge of duplicate experts")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = FSMField(
        _("status"), default=Status.PENDING, choices=Status.choices, protected=True, max_length=16
    )
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_requests",
        verbose_name=_("expert"),
    )
    other_expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate"),
    )
    institution = models.ForeignKey(
        "experts.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_requests",
        verbose_name=_("institution"),
    )
    # Encrypted JSON text: it may carry bank details and identity documents.
    payload_json = EncryptedTextField(_("proposed values"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        verbose_name = _("master-data request")
        verbose_name_plural = _("master-data requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        target = self.expert or self.institution or self.payload.get("last_name", "")
        return f"{self.get_kind_display()}: {target}"

    @property
    def payload(self) -> dict:
        return json.loads(self.payload_json) if self.payload_json else {}

    @payload.setter
    def payload(self, value: dict) -> None:
        self.payload_json = json.dumps(value or {}, ensure_ascii=False)

    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self):
        """A data steward approves; the service applies the change in the same transaction."""

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self):
        """A data steward rejects with a comment; nothing changes."""
