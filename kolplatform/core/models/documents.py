import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_upload_to(instance, filename):
    return f"documents/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Document(models.Model):
    """A stored file (upload or generated PDF) with its SHA-256, attached to any object."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Framework contract")
        ORDER = "order", _("Service order")
        ACT = "act", _("Act of services rendered")
        INVOICE = "invoice", _("Invoice")
        ESIGN_AGREEMENT = "esign_agreement", _("E-signature agreement")
        CONSENT = "consent", _("Personal-data consent")
        SIGNED_COPY = "signed_copy", _("Signed copy")
        EVIDENCE = "evidence", _("Evidence")
        RECEIPT = "receipt", _("Receipt")
        NOTICE = "notice", _("Regulator notice")
        REGISTRY = "registry", _("Payment registry")
        IMPORT = "import", _("Import file")
        ATTENDANCE = "attendance", _("Attendance certificate")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type_header = models.CharField(_("MIME type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    owner_id = models.CharField(max_length=64, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.title or self.original_name or self.sha256[:12]

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
