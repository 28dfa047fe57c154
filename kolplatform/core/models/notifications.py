"""In-app notifications that double as the e-mail outbox.

A row is written in the same transaction as the change it reports; a Celery task e-mails it and
stamps `emailed_at`; a periodic sweeper re-sends rows still unsent, so nothing is lost while the
broker is down.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Level(models.TextChoices):
        INFO = "info", _("Information")
        ACTION = "action", _("Action needed")
        WARNING = "warning", _("Warning")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not e-mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    template = models.CharField(
        _("e-mail template"),
        max_length=100,
        blank=True,
        help_text=_("Name under templates/emails/ (subject.txt, body.txt, body.html)."),
    )
    context = models.JSONField(_("template context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"),
        max_length=16,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    dedup_key = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Set by reminders so that a job run twice notifies once."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="notification_unique_dedup_key",
            )
        ]

    def __str__(self):
        return self.title
