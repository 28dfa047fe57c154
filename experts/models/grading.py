"""Grading ("accreditation"): criteria, schemes with tier thresholds, assessments, tier history.

The arithmetic lives in experts/grading.py (pure functions); the assessment status machine is
here (conditions only) and driven by experts/services/grading.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from .base import Tier


class GradingCriterion(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Scored by the assessor")
        SPEAKER_RATING = "speaker_rating", _("Computed from the speaker's ratings")

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("scale (maximum score)"), default=5, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(
        _("source of the score"), max_length=32, choices=Source.choices, default=Source.MANUAL
    )
    min_ratings = models.PositiveSmallIntegerField(
        _("ratings needed"),
        default=5,
        help_text=_(
            "A score computed from ratings needs at least this many ratings in the last 12 "
            "months; with fewer the assessor scores the criterion."
        ),
    )

    class Meta:
        verbose_name = _("grading criterion")
        verbose_name_plural = _("grading criteria")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class GradingScheme(models.Model):
    """Tier thresholds (total in percent, 0..100) and validity, effective from a date."""

    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"), unique=True)
    min_international = models.DecimalField(
        _("International from"), max_digits=5, decimal_places=2, default=Decimal("85")
    )
    min_national = models.DecimalField(
        _("National from"), max_digits=5, decimal_places=2, default=Decimal("70")
    )
    min_regional = models.DecimalField(
        _("Regional from"), max_digits=5, decimal_places=2, default=Decimal("50")
    )
    min_local = models.DecimalField(
        _("Local from"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    validity_months = models.PositiveSmallIntegerField(
        _("assessment valid (months)"), default=24, validators=[MaxValueValidator(120)]
    )
    notice_days = models.PositiveSmallIntegerField(_("remind before expiry (days)"), default=30)

    class Meta:
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d.%m.%Y})"

    @property
    def thresholds(self) -> dict[str, Decimal]:
        return {
            Tier.INTERNATIONAL: self.min_international,
            Tier.NATIONAL: self.min_national,
            Tier.REGIONAL: self.min_regional,
            Tier.LOCAL: self.min_local,
        }


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, related_name="assessments"
    )
    scheme = models.ForeignKey(
        GradingScheme, on_delete=models.PROTECT, verbose_name=_("grading scheme")
    )
    status = FSMField(
        _("status"), default=Status.DRAFT, choices=Status.choices, protected=True, max_length=16
    )
    total = models.DecimalField(_("total, %"), max_digits=5, decimal_places=2, default=0)
    resulting_tier = models.CharField(
        _("resulting tier"), max_length=16, choices=Tier.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
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
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.expert} — {self.created_at:%d.%m.%Y}" if self.created_at else "—"

    def has_all_scores(self) -> bool:
        return not self.scores.filter(score__isnull=True).exists()

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self):
        """Only a fully scored draft goes to approval (the service checks `has_all_scores`)."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED)
    def approve(self):
        """Approval changes the expert's tier (done by the service)."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.REJECTED)
    def reject(self):
        """A rejected assessment leaves the tier unchanged."""


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(GradingCriterion, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("scale"))
    evidence = models.TextField(_("evidence"), blank=True)
    # The score was computed from the criterion's source (the evidence says from what); it is
    # recomputed while the assessment is a draft and frozen from its submission on.
    computed = models.BooleanField(_("computed"), default=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="unique_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class TierChange(models.Model):
    """Tier history of an expert."""

    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, related_name="tier_changes"
    )
    from_tier = models.CharField(_("from"), max_length=16, choices=Tier.choices, blank=True)
    to_tier = models.CharField(_("to"), max_length=16, choices=Tier.choices, blank=True)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier history")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.expert}: {self.from_tier or '—'} → {self.to_tier or '—'}"
