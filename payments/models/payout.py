"""Payouts: the DESIGN.md §4 machine, the checks recorded on each payout, NPD status checks and
approved cap exceptions. Transitions hold only conditions; services in payments/services.py lock
the row, run them, save and audit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from experts.models import TaxStatus
from kolplatform.core.refusals import refusal

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
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    registry = models.ForeignKey(
        "payments.PaymentRegistry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
        verbose_name=_("current registry"),
    )
    failure_reason = models.TextField(_("payment failed because"), blank=True)
    receipt = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("self-employed receipt"),
    )
    receipt_due_date = models.DateField(_("receipt due"), null=True, blank=True)
    invoice = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entrepreneur's invoice"),
    )

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["expert", "paid_at"]),
            models.Index(fields=["expert", "status", "receipt_due_date"]),
            models.Index(fields=["status", "created_at"]),
            # The payout list's order (payments.selectors.payout_list): a page walks the index.
            models.Index(fields=["due_date", "id"], name="payments_payout_list_order"),
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

    @refusal(
        lambda p: (
            _("The checks block the payout: %(reason)s. Fix this and run the checks again.")
            % {"reason": p.blocked_reason}
        )
    )
    def is_unblocked(self) -> bool:
        """Every check of the latest run passed (the service clears `blocked_reason`)."""
        return not self.blocked_reason

    @refusal(lambda p: _("The checks found nothing that blocks the payout."))
    def has_block_reason(self) -> bool:
        return bool(self.blocked_reason)

    @refusal(
        lambda p: _(
            "The bank's payment order number and date are needed to mark the payout paid; "
            "import the bank's confirmation file."
        )
    )
    def has_payment_confirmation(self) -> bool:
        """A payment is confirmed by the bank's payment order number and date (issue 6 §6)."""
        return bool(self.payment_order_number and self.paid_at)

    @transition(
        field=status,
        source=[Status.PENDING_CHECKS, Status.BLOCKED],
        target=Status.READY,
        conditions=[is_unblocked],
    )
    def mark_ready(self):
        pass

    @transition(
        field=status,
        source=[Status.PENDING_CHECKS, Status.READY, Status.BLOCKED],
        target=Status.BLOCKED,
        conditions=[has_block_reason],
    )
    def block(self):
        pass

    @transition(
        field=status, source=Status.READY, target=Status.APPROVED, conditions=[is_unblocked]
    )
    def approve(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.IN_REGISTRY)
    def add_to_registry(self):
        pass

    @transition(
        field=status,
        source=Status.IN_REGISTRY,
        target=Status.PAID,
        conditions=[has_payment_confirmation],
    )
    def mark_paid(self):
        pass

    @transition(field=status, source=Status.IN_REGISTRY, target=Status.FAILED)
    def mark_failed(self):
        pass

    @transition(field=status, source=Status.FAILED, target=Status.READY)
    def retry(self):
        pass

    @refusal(
        lambda p: _(
            "The payout is in a registry sent to the bank; wait for the bank's "
            "confirmation (paid or failed) before cancelling it."
        )
    )
    def is_not_sent_to_bank(self) -> bool:
        """A payout in an exported registry may be paid by the bank: wait for the confirmation."""
        return self.status != self.Status.IN_REGISTRY

    @transition(
        field=status, source=BEFORE_PAID, target=Status.CANCELLED, conditions=[is_not_sent_to_bank]
    )
    def cancel(self):
        pass


class PayoutCheck(models.Model):
    """One check of one run before approval (issue 6 §3), kept with its result for the record."""

    class Code(models.TextChoices):
        ACT_SIGNED = "act_signed", _("Act signed by both sides")
        CONSENT = "consent", _("Valid personal-data consent")
        BANK_DETAILS = "bank_details", _("Bank details complete and verified")
        TAX_STATUS = "tax_status", _("Tax status valid on the payout date")
        CONTRACT_CAP = "contract_cap", _("Contract cap not exceeded")
        ANNUAL_CAP = "annual_cap", _("Expert's annual cap not exceeded")
        SINGLE_PAYOUT = "single_payout", _("No other payout for the act")
        RECEIPTS = "receipts", _("No overdue self-employed receipts")

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        WARNING = "warning", _("Passed with a warning")
        FAILED = "failed", _("Failed")

    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="checks")
    run_at = models.DateTimeField(_("run at"), db_index=True)
    code = models.CharField(_("check"), max_length=32, choices=Code.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    message = models.TextField(_("details"), blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )

    class Meta:
        verbose_name = _("payout check")
        verbose_name_plural = _("payout checks")
        ordering = ["payout", "-run_at", "id"]
        indexes = [models.Index(fields=["payout", "-run_at"])]

    def __str__(self):
        return f"{self.get_code_display()}: {self.get_result_display()}"

    @property
    def passed(self) -> bool:
        return self.result != self.Result.FAILED


class NpdStatusCheck(models.Model):
    """A confirmation of the expert's self-employed (NPD) status: by the tax service or by hand."""

    class Source(models.TextChoices):
        TAX_SERVICE = "tax_service", _("Tax service check")
        MANUAL = "manual", _("Manual confirmation")

    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="npd_checks"
    )
    inn = models.CharField(_("INN"), max_length=12)
    on_date = models.DateField(_("status on"))
    is_self_employed = models.BooleanField(_("self-employed"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    response = models.JSONField(_("tax service response"), default=dict, blank=True)

    class Meta:
        verbose_name = _("NPD status check")
        verbose_name_plural = _("NPD status checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["expert", "-on_date"])]

    def __str__(self):
        return f"{self.expert} — {self.on_date}: {self.is_self_employed}"


class CapException(models.Model):
    """A cap exceeded by a payout and allowed by finance with a reason (issue 6 §3)."""

    class Kind(models.TextChoices):
        CONTRACT_CAP = "contract_cap", _("Contract cap")
        ANNUAL_CAP = "annual_cap", _("Annual cap")

    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="cap_exceptions")
    kind = models.CharField(_("cap"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cap exception")
        verbose_name_plural = _("cap exceptions")
        constraints = [
            models.UniqueConstraint(fields=["payout", "kind"], name="cap_exception_unique_kind")
        ]

    def __str__(self):
        return f"{self.payout_id}: {self.get_kind_display()}"
