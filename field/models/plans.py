"""Representatives, their cycle plans and target lists (issue 18 §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class FieldRep(models.Model):
    """A medical representative: the manager who approves the plans, the daily capacity and the
    points targets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="field_rep",
        verbose_name=_("representative"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="field_team",
        verbose_name=_("manager"),
    )
    visits_per_day = models.PositiveSmallIntegerField(_("visits per day"), default=8)
    points_day = models.PositiveIntegerField(_("points target per day"), default=0)
    points_week = models.PositiveIntegerField(_("points target per week"), default=0)
    points_month = models.PositiveIntegerField(_("points target per month"), default=0)
    base_latitude = models.DecimalField(
        _("base latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    base_longitude = models.DecimalField(
        _("base longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class CyclePlan(models.Model):
    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cycle_plans",
        verbose_name=_("representative"),
    )
    period = models.CharField(_("cycle"), max_length=8, choices=Period.choices)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = FSMField(
        _("status"), default=Status.PLANNED, choices=Status.choices, protected=True, max_length=16
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cycle plan")
        verbose_name_plural = _("cycle plans")
        ordering = ["-starts_on", "rep_id"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "starts_on"], name="field_plan_rep_start")
        ]

    def __str__(self):
        return f"{self.get_period_display()} {self.starts_on:%m.%Y}"

    @property
    def months(self) -> int:
        return 3 if self.period == self.Period.QUARTER else 1

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    @transition(field=status, source=Status.PLANNED, target=Status.IN_PROGRESS)
    def start(self):
        """The first visit of the cycle, or the cycle's first day (the service decides)."""

    @transition(field=status, source=[Status.PLANNED, Status.IN_PROGRESS], target=Status.COMPLETED)
    def complete(self):
        """After the grace period past the end date (the service checks the date)."""


class PlanTarget(models.Model):
    """An expert and/or an institution of a plan, with its planned visits."""

    plan = models.ForeignKey(
        CyclePlan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expert"),
    )
    institution = models.ForeignKey(
        "experts.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institution"),
    )
    planned_visits = models.PositiveSmallIntegerField(_("planned visits"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "institution", "expert"], name="field_target_unique"
            )
        ]

    def __str__(self):
        return str(self.expert or self.institution)


class GoalChange(models.Model):
    """A change of a locked plan's target list, decided by the rep's manager."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    plan = models.ForeignKey(
        CyclePlan, on_delete=models.CASCADE, related_name="goal_changes", verbose_name=_("plan")
    )
    target = models.ForeignKey(
        PlanTarget, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "experts.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_visits = models.PositiveSmallIntegerField(_("planned visits"))
    reason = models.TextField(_("reason"))
    status = FSMField(
        _("status"), default=Status.PENDING, choices=Status.choices, protected=True, max_length=16
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal change request")
        verbose_name_plural = _("goal change requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.plan}: {self.planned_visits}"

    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self):
        pass
