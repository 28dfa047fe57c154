"""The settings of field work, kept as data an administrator edits (issue 18)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.models import Institution


class FieldPolicy(models.Model):
    """One row (pk 1): the thresholds of field work."""

    backdating_days = models.PositiveSmallIntegerField(_("back-dating limit, days"), default=3)
    grace_days = models.PositiveSmallIntegerField(_("grace period after a cycle, days"), default=5)
    min_minutes_on_site = models.PositiveSmallIntegerField(
        _("minimum time on site, minutes"), default=10
    )
    max_accuracy_m = models.PositiveIntegerField(_("poorest accepted accuracy, m"), default=500)
    default_radius_m = models.PositiveIntegerField(_("default radius, m"), default=300)
    utilisation_low = models.DecimalField(
        _("lowest utilisation to lock"), max_digits=4, decimal_places=2, default=Decimal("0.70")
    )
    utilisation_high = models.DecimalField(
        _("highest utilisation to lock"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    pacing_under = models.DecimalField(
        _("pacing: under when behind by more than"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.10"),
    )
    pacing_over = models.DecimalField(
        _("pacing: over when ahead by more than"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.10"),
    )

    class Meta:
        verbose_name = _("field work policy")
        verbose_name_plural = _("field work policy")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "FieldPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class TypeRadius(models.Model):
    """The radius around an institution of a type within which a check-in is verified."""

    kind = models.CharField(
        _("institution type"), max_length=16, choices=Institution.Kind.choices, unique=True
    )
    radius_m = models.PositiveIntegerField(_("radius, m"), validators=[MinValueValidator(10)])

    class Meta:
        verbose_name = _("radius of an institution type")
        verbose_name_plural = _("radii of institution types")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.radius_m} m"


class CalendarDay(models.Model):
    """A day of the Russian production calendar that differs from the week: a holiday or day off
    on a weekday, or a weekend day made working by decree."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Holiday or day off")
        WORKING = "working", _("Working day (moved)")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("production calendar day")
        verbose_name_plural = _("production calendar")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} {self.get_kind_display()}"


class VisitType(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    DEMONSTRATION = "demonstration", _("Demonstration")
    LECTURE = "lecture", _("Lecture for a department")
    MEETING = "meeting", _("Meeting with the management")


class PointsRule(models.Model):
    """A row of the points table: institution status x visit type."""

    institution_kind = models.CharField(
        _("institution type"), max_length=16, choices=Institution.Kind.choices
    )
    visit_type = models.CharField(_("visit type"), max_length=16, choices=VisitType.choices)
    base = models.PositiveSmallIntegerField(_("points"))
    per_extra_doctor = models.PositiveSmallIntegerField(
        _("points per further doctor met"), default=0
    )
    cap = models.PositiveSmallIntegerField(_("cap per visit"))

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points table")
        constraints = [
            models.UniqueConstraint(
                fields=["institution_kind", "visit_type"], name="field_points_rule_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_institution_kind_display()} / {self.get_visit_type_display()}"


class DistanceBand(models.Model):
    """Bonus points for travel: from `from_km` km between the rep's base and the institution."""

    from_km = models.PositiveIntegerField(_("from, km"), unique=True)
    bonus = models.PositiveSmallIntegerField(_("bonus points"))

    class Meta:
        verbose_name = _("distance band")
        verbose_name_plural = _("distance bands")
        ordering = ["from_km"]

    def __str__(self):
        return f"≥ {self.from_km} km: +{self.bonus}"
