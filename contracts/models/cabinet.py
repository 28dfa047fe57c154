"""The KOL cabinet: invitations and the onboarding record of 63-FZ prerequisites."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CabinetInvitation(models.Model):
    """A one-time, expiring link e-mailed to an expert to create their cabinet account."""

    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="cabinet_invitations",
        verbose_name=_("expert"),
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("cabinet invitation")
        verbose_name_plural = _("cabinet invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.expert} <{self.email}>"


class CabinetAccess(models.Model):
    """What makes the expert's simple e-signature valid (DESIGN.md §5): identity confirmed by a
    staff member against the documents, the e-signature agreement and the personal-data consent
    accepted, and the confirmed e-mail the codes go to."""

    expert = models.OneToOneField(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="cabinet_access",
        verbose_name=_("expert"),
    )
    confirmed_email = models.EmailField(_("confirmed e-mail"), blank=True)
    identity_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity confirmed by"),
    )
    identity_confirmed_at = models.DateTimeField(_("identity confirmed"), null=True, blank=True)
    identity_note = models.CharField(
        _("identity document checked"),
        max_length=300,
        blank=True,
        help_text=_("Which document was checked, e.g. passport series and number."),
    )
    esign_template = models.ForeignKey(
        "contracts.DocumentTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-signature agreement version"),
    )
    esign_accepted_at = models.DateTimeField(
        _("e-signature agreement accepted"), null=True, blank=True
    )
    consent_template = models.ForeignKey(
        "contracts.DocumentTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent version"),
    )
    consent_accepted_at = models.DateTimeField(_("consent accepted"), null=True, blank=True)
    accepted_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("cabinet access")
        verbose_name_plural = _("cabinet access records")

    def __str__(self):
        return str(self.expert)

    @property
    def identity_confirmed(self) -> bool:
        return self.identity_confirmed_at is not None

    @property
    def agreements_accepted(self) -> bool:
        return bool(self.esign_accepted_at and self.consent_accepted_at)
