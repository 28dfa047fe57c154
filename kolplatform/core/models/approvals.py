"""The generic approvals engine: routes are data, requests attach to any object.

A route is an ordered list of steps; each step is decided by a role or by a named user, may apply
only from an amount threshold, and has an SLA in days. A request walks the applicable steps one by
one; one Decision per step; a rejection ends the request. Services live in core/approvals.py.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from kolplatform.core.labels import content_type_label
from kolplatform.core.roles import Role


class ApprovalRoute(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("applies to"),
        help_text=_("Kind of object this route approves."),
    )
    min_amount = models.DecimalField(
        _("from amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("up to amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    over_budget_tolerance_percent = models.DecimalField(
        _("over-budget tolerance, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("10.00"),
        help_text=_(
            "Final or actual budget above the approved total by more than this "
            "sends the event to re-approval."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("approval route")
        verbose_name_plural = _("approval routes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApprovalStep(models.Model):
    route = models.ForeignKey(ApprovalRoute, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    min_amount = models.DecimalField(
        _("applies from amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: always. Otherwise only for amounts at or above this."),
    )
    sla_days = models.PositiveSmallIntegerField(_("SLA, days"), default=2)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="approval_step_unique_order"),
            models.CheckConstraint(
                condition=~models.Q(role="") | models.Q(user__isnull=False),
                name="approval_step_role_or_user",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


PURPOSE_LABELS = {
    "approval": _("Approval"),
    "budget_reapproval": _("Budget re-approval"),
    "change": _("Change of an approved event"),
    "payout": _("Payout approval"),
}
"""What a request's `purpose` code reads as (a code without a label is shown humanised)."""


class ApprovalRequest(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    route = models.ForeignKey(ApprovalRoute, on_delete=models.PROTECT, verbose_name=_("route"))
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(
        _("purpose"),
        max_length=64,
        default="approval",
        help_text=_("What is approved, e.g. approval, budget_reapproval, change."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, protected=True
    )
    current_step = models.ForeignKey(
        ApprovalStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current step"),
    )
    step_started_at = models.DateTimeField(_("step started"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The inbox's count (pending at the user's steps, not their own requests) from the
            # index alone: over 10,000 pending requests at the target scale.
            models.Index(
                fields=["status", "current_step", "requested_by"], name="core_approval_inbox_count"
            ),
            # The inbox (approvals.approval_pending_for_user): pending requests, oldest step first.
            models.Index(
                fields=["step_started_at", "id"],
                name="core_approval_inbox_order",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.route} — {self.get_status_display()}"

    @property
    def purpose_display(self) -> str:
        label = PURPOSE_LABELS.get(self.purpose)
        return str(label) if label else self.purpose.replace("_", " ").capitalize()

    @property
    def target_kind(self) -> str:
        """The translated name of the kind of object approved ("Event", "Contract")."""
        return content_type_label(self.target_type)

    @property
    def due_at(self):
        """When the current step's SLA runs out (calendar days from the step's start)."""
        if self.current_step is None or self.step_started_at is None:
            return None
        return self.step_started_at + timedelta(days=self.current_step.sla_days)

    def is_overdue_at(self, now) -> bool:
        due = self.due_at
        return due is not None and due < now

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_at(timezone.now())

    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self):
        """The last applicable step approved."""

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self):
        """Any step rejected; the object goes back to its owner."""

    @transition(field=status, source=Status.PENDING, target=Status.CANCELLED)
    def cancel(self):
        """The object was withdrawn or changed so that this request no longer applies."""


class ApprovalDecision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="decisions")
    step = models.ForeignKey(ApprovalStep, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "step"], name="approval_one_decision_per_step"
            )
        ]

    def __str__(self):
        return f"{self.step}: {self.get_outcome_display()}"
