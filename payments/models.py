"""Payouts: skeleton of the shared fields and the DESIGN.md §4 machine;
the payments module extends it
(adds fields, models and transition conditions, never renames)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from experts.models import TaxStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class Payout(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        PENDING_CHECKS = "pending_checks", _("Pending checks")
        BLOCKED = "blocked", _("Blocked")
        READY = "ready", _("Ready for approval")
        APPROVED = "approved", _("Approved")
        IN_REGISTRY = "in_registry", _("In a payment registry")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        CANCELLED = "cancelled", _("Cancelled")

    act = models.OneToOneField(
        "contracts.Act", on_delete=models.PROTECT, related_name="payout", verbose_name=_("act")
    )
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="payouts", verbose_name=_("expert")
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("contract"),
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING_CHECKS,
        protected=True,
    )
    tax_regime = models.CharField(_("tax regime"), max_length=16, choices=TaxStatus.choices)
    gross = models.DecimalField(_("gross fee"), **MONEY)
    withholding = models.DecimalField(_("tax withheld"), default=0, **MONEY)
    employer_contributions = models.DecimalField(_("employer contributions"), default=0, **MONEY)
    net = models.DecimalField(_("net to the expert"), **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    calculation = models.JSONField(_("how it was computed"), default=dict, blank=True)
    blocked_reason = models.TextField(_("blocked because"), blank=True)
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    payment_order_number = models.CharField(_("payment order №"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["expert", "paid_at"]),
        ]

    def __str__(self):
        return f"{self.expert} — {self.gross} {self.currency_id}"

    BEFORE_PAID = [
        Status.PENDING_CHECKS,
        Status.BLOCKED,
        Status.READY,
        Status.APPROVED,
        Status.IN_REGISTRY,
        Status.FAILED,
    ]

    @transition(field=status, source=[Status.PENDING_CHECKS, Status.BLOCKED], target=Status.READY)
    def mark_ready(self):
        pass

    @transition(field=status, source=[Status.PENDING_CHECKS, Status.READY], target=Status.BLOCKED)
    def block(self):
        pass

    @transition(field=status, source=Status.READY, target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.IN_REGISTRY)
    def add_to_registry(self):
        pass

    @transition(field=status, source=Status.IN_REGISTRY, target=Status.PAID)
    def mark_paid(self):
        pass

    @transition(field=status, source=Status.IN_REGISTRY, target=Status.FAILED)
    def mark_failed(self):
        pass

    @transition(field=status, source=Status.FAILED, target=Status.READY)
    def retry(self):
        pass

    @transition(field=status, source=BEFORE_PAID, target=Status.CANCELLED)
    def cancel(self):
        pass
