"""Bank details and identity document of an expert, encrypted at rest.

Every field holding personal data is encrypted (kolplatform/core/fields.py) with keys derived from
settings.FIELD_ENCRYPTION_KEYS alone. Reading them in a view goes through
experts.bank.bank_details_for_view, which writes an audit record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kolplatform.core.fields import EncryptedCharField, EncryptedDateField


class ExpertBankDetails(models.Model):
    expert = models.OneToOneField(
        "experts.Expert", on_delete=models.CASCADE, related_name="bank_details"
    )
    recipient_name = EncryptedCharField(_("recipient"), max_length=300, null=True, blank=True)
    inn = EncryptedCharField(_("INN"), max_length=12, null=True, blank=True)
    snils = EncryptedCharField(_("SNILS"), max_length=14, null=True, blank=True)
    passport_series = EncryptedCharField(_("passport series"), max_length=4, null=True, blank=True)
    passport_number = EncryptedCharField(_("passport number"), max_length=6, null=True, blank=True)
    passport_issued_by = EncryptedCharField(
        _("passport issued by"), max_length=300, null=True, blank=True
    )
    passport_issued_on = EncryptedDateField(_("passport issued on"), null=True, blank=True)
    bank_name = EncryptedCharField(_("bank"), max_length=300, null=True, blank=True)
    bik = EncryptedCharField(_("BIK"), max_length=9, null=True, blank=True)
    account = EncryptedCharField(_("account"), max_length=20, null=True, blank=True)
    corr_account = EncryptedCharField(
        _("correspondent account"), max_length=20, null=True, blank=True
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bank details")
        verbose_name_plural = _("bank details")

    def __str__(self):
        return str(_("Bank details of %(expert)s") % {"expert": self.expert})
