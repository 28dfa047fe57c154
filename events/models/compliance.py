"""Regulator notices, the closing checklist and the configurable budget rules."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models.event import Event


def default_offsets():
    return [14, 7, 3, 1]


class NoticeRule(models.Model):
    """The notice rule in force from `effective_from` (61-FZ art. 67.2; letter 16I-1595/13)."""

    authority = models.CharField(_("authority"), max_length=200, default="Росздравнадзор")
    months_before = models.PositiveSmallIntegerField(_("months before the event"), default=2)
    margin_days = models.PositiveSmallIntegerField(_("internal safety margin, days"), default=7)
    reminder_offsets = models.JSONField(
        _("reminder offsets, days before the target"), default=default_offsets
    )
    escalation_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compliance head"),
    )
    escalate_manager_after = models.PositiveSmallIntegerField(
        _("overdue notice: the manager is told after, working days"), default=2
    )
    escalate_compliance_after = models.PositiveSmallIntegerField(
        _("overdue notice: compliance is told after, working days"), default=5
    )
    effective_from = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("notice rule")
        verbose_name_plural = _("notice rules")
        ordering = ["-effective_from"]

    def __str__(self):
        return (
            f"{self.authority}: {self.months_before} / {self.margin_days} ({self.effective_from})"
        )


class RegulatorNotice(models.Model):
    """One version of the notice of an event; a change after submission makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Generated, not submitted")
        SUBMITTED = "submitted", _("Submitted")
        SUPERSEDED = "superseded", _("Superseded")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notices")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    authority = models.CharField(_("authority"), max_length=200)
    legal_deadline = models.DateField(_("legal deadline"))
    target_date = models.DateField(_("internal target"))
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    evidence = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason for this version"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("regulator notice")
        verbose_name_plural = _("regulator notices")
        ordering = ["event", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="notice_unique_version")
        ]
        indexes = [models.Index(fields=["status", "target_date"])]

    def __str__(self):
        return f"{self.event} — v{self.version}"


class ChecklistItem(models.Model):
    class Status(models.TextChoices):
        MISSING = "missing", _("Not uploaded")
        UPLOADED = "uploaded", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        """What evidence an item asks for: a file (or a photo, or a signed sign-in sheet) or a
        typed value (a number, a text, a date)."""

        FILE = "file", _("File")
        PHOTO = "photo", _("Photo")
        SIGN_IN_SHEET = "sign_in_sheet", _("Sign-in sheet")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Text")
        DATE = "date", _("Date")

    FILE_KINDS = (Kind.FILE, Kind.PHOTO, Kind.SIGN_IN_SHEET)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checklist_items")
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("evidence"), max_length=16, choices=Kind.choices, default=Kind.FILE)
    required = models.BooleanField(_("required"), default=True)
    value_number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_text = models.TextField(_("text"), blank=True)
    value_date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MISSING
    )
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="checklist_unique_code")
        ]

    def __str__(self):
        return self.name_en if self.name_en and get_language() == "en" else self.name

    @property
    def takes_file(self) -> bool:
        return self.kind in self.FILE_KINDS

    @property
    def value(self):
        """The typed value of a number, text or date item (None until given)."""
        return {
            self.Kind.NUMBER: self.value_number,
            self.Kind.TEXT: self.value_text or None,
            self.Kind.DATE: self.value_date,
        }.get(self.kind)


class ChecklistReview(models.Model):
    """One compliance decision on a checklist item (history for rejection rates)."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="reviews")
    accepted = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist review")
        verbose_name_plural = _("checklist reviews")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.item}: {'+' if self.accepted else '-'}"


class BudgetRuleSetting(models.Model):
    """How one rule of events/budget_rules.py applies: off, warn or block, and its limit."""

    class Mode(models.TextChoices):
        OFF = "off", _("Off")
        WARN = "warn", _("Warn")
        BLOCK = "block", _("Block")

    code = models.SlugField(_("rule"), max_length=64, unique=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.WARN)
    limit = models.DecimalField(_("limit"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("budget rule")
        verbose_name_plural = _("budget rules")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.mode}"
