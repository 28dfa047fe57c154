"""Simple electronic signature (63-FZ): one-time codes, signatures, authorised signatories."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignerRole(models.TextChoices):
    EXPERT = "expert", _("Expert")
    COMPANY = "company", _("Company")


class AuthorisedSignatory(models.Model):
    """A staff member entitled to sign documents for the company (e.g. by power of attorney)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatory",
        verbose_name=_("user"),
    )
    basis = models.CharField(
        _("authority"),
        max_length=300,
        help_text=_("E.g. the charter, or a power of attorney with its number and date."),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("authorised signatory")
        verbose_name_plural = _("authorised signatories")

    def __str__(self):
        return str(self.user)


class OtpChallenge(models.Model):
    """A one-time code sent for signing one document by one user; only the hash is stored."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    document = models.ForeignKey(
        "contracts.ContractDocument", on_delete=models.PROTECT, related_name="challenges"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=SignerRole.choices)
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    sent_to = models.CharField(_("sent to"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "document", "created_at"])]

    def __str__(self):
        return f"{self.document} / {self.user} / {self.created_at:%Y-%m-%d %H:%M}"


class Signature(models.Model):
    """Binds the SHA-256 of the exact PDF bytes to the signer, role, time, IP, agent and code."""

    document = models.ForeignKey(
        "contracts.ContractDocument",
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("document"),
    )
    role = models.CharField(_("role"), max_length=16, choices=SignerRole.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signer"),
    )
    signer_name = models.CharField(_("signer's name"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)
    signed_at = models.DateTimeField(_("signed"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    challenge = models.OneToOneField(
        OtpChallenge, on_delete=models.PROTECT, related_name="signature", verbose_name=_("code")
    )
    channel_address = models.CharField(_("code sent to"), max_length=200)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "role"], name="signature_one_per_role")
        ]

    def __str__(self):
        return f"{self.signer_name} ({self.get_role_display()}) {self.signed_at:%d.%m.%Y %H:%M}"
