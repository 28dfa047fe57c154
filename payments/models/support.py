"""The support thread of a payout: the KOL writes, the accountant answers (issue 6 §7)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportMessage(models.Model):
    payout = models.ForeignKey("payments.Payout", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    from_expert = models.BooleanField(_("from the expert"))
    text = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        ordering = ["payout", "created_at", "id"]

    def __str__(self):
        return self.text[:60]
