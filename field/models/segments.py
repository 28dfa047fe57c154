"""The segmentation matrix and the experts' segments (issue 18 §1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Potential(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class Influence(models.IntegerChoices):
    HIGH = 1, "1"
    MEDIUM = 2, "2"
    LOW = 3, "3"


class SegmentCell(models.Model):
    """A cell of the matrix and the visits per month an expert of the cell needs."""

    potential = models.CharField(_("potential"), max_length=1, choices=Potential.choices)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Influence.choices)
    visits_per_month = models.PositiveSmallIntegerField(_("visits per month"))

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segmentation matrix")
        ordering = ["potential", "influence"]
        constraints = [
            models.UniqueConstraint(fields=["potential", "influence"], name="field_cell_unique")
        ]

    def __str__(self):
        return f"{self.potential}{self.influence}"


class ExpertSegment(models.Model):
    """One assignment of a segment to an expert; the latest is in force (the rows are the
    history)."""

    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="segments",
        verbose_name=_("expert"),
    )
    cell = models.ForeignKey(SegmentCell, on_delete=models.PROTECT, verbose_name=_("segment"))
    assigned_on = models.DateField(_("date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expert segment")
        verbose_name_plural = _("expert segments")
        ordering = ["-assigned_on", "-pk"]
        indexes = [models.Index(fields=["expert", "-assigned_on"])]

    def __str__(self):
        return f"{self.expert_id}: {self.cell}"
