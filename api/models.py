"""Keys of the systems that use the REST API, and the ids those systems give our records."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class ApiKeyManager(APIKeyManager):
    def get_usable_keys(self):
        return super().get_usable_keys().select_related("user")


class ApiKey(AbstractAPIKey):
    """A key of one integration (CRM, BI tool, 1C...). Only its SHA-512 hash is stored; the key
    itself is shown once, when created. Requests with it act as `user` (a service account made
    for the key, with the role chosen for it), so the same object permissions as in the UI apply,
    narrowed by `scopes` (api.scopes)."""

    objects = ApiKeyManager()

    integration = models.CharField(_("integration"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("acts as"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    @property
    def is_usable(self) -> bool:
        return not self.revoked and not self.has_expired

    @property
    def expired(self) -> bool:
        return self.expiry_date is not None and self.expiry_date <= timezone.now()


class ExternalIdBase(models.Model):
    """The id a source system (`crm`, `lims`, ...) gives one of our records; unique per source."""

    source = models.SlugField(_("source system"), max_length=32)
    value = models.CharField(_("external id"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.source}:{self.value}"


class ExpertExternalId(ExternalIdBase):
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta:
        verbose_name = _("external id of an expert")
        verbose_name_plural = _("external ids of experts")
        constraints = [
            models.UniqueConstraint(fields=["source", "value"], name="expert_external_id_uniq"),
            models.UniqueConstraint(fields=["expert", "source"], name="expert_one_id_per_source"),
        ]


class InstitutionExternalId(ExternalIdBase):
    institution = models.ForeignKey(
        "experts.Institution", on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta:
        verbose_name = _("external id of an institution")
        verbose_name_plural = _("external ids of institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "value"], name="institution_external_id_uniq"
            ),
            models.UniqueConstraint(
                fields=["institution", "source"], name="institution_one_id_per_source"
            ),
        ]
