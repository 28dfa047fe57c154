"""Payment registries (1C XML + bank CSV) and the import of payment confirmations (issue 6 §6).

A registry is written once: its lines and both files are created in one transaction and never
changed (only the outcome columns of a line are filled in by a confirmation import).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class PaymentRegistry(models.Model):
    class BankFormat(models.TextChoices):
        ACCRUAL = "accrual", _("Accrual registry (XML) and bank CSV")
        PAYMENT_ORDERS = "payment_orders", _("1C payment orders (1CClientBankExchange)")
        SALARY = "salary", _("Salary-project registry (card accounts)")

    number = models.CharField(_("number"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    payment_date = models.DateField(_("payment date"))
    total_gross = models.DecimalField(_("total gross"), **MONEY)
    total_withholding = models.DecimalField(_("total tax withheld"), **MONEY)
    total_net = models.DecimalField(_("total to pay"), **MONEY)
    line_count = models.PositiveIntegerField(_("payouts"))
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    xml_document = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("1C registry (XML)"),
    )
    csv_document = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bank registry (CSV)"),
    )
    bank_format = models.CharField(
        _("format for the bank"),
        max_length=16,
        choices=BankFormat.choices,
        default=BankFormat.ACCRUAL,
    )
    onec_document = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("1C file (payment orders or salary registry)"),
    )

    class Meta:
        verbose_name = _("payment registry")
        verbose_name_plural = _("payment registries")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"№ {self.number}"


class RegistryLine(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    registry = models.ForeignKey(PaymentRegistry, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    payout = models.ForeignKey(
        "payments.Payout", on_delete=models.PROTECT, related_name="registry_lines"
    )
    amount = models.DecimalField(_("amount to pay"), **MONEY)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    payment_order_number = models.CharField(_("payment order №"), max_length=64, blank=True)
    order_number = models.CharField(
        _("our payment order №"),
        max_length=6,
        blank=True,
        db_index=True,
        help_text=_("The number of the 1C payment order written for this line."),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    failure_reason = models.TextField(_("failure reason"), blank=True)

    class Meta:
        verbose_name = _("registry line")
        verbose_name_plural = _("registry lines")
        ordering = ["registry", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["registry", "line_no"], name="registry_line_unique_no"),
            models.UniqueConstraint(
                fields=["registry", "payout"], name="registry_line_unique_payout"
            ),
        ]

    def __str__(self):
        return f"{self.registry} / {self.line_no}"


class PaymentOrderCounter(models.Model):
    """The last payment order number used in a year (payments/order_numbers.py)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("payment order counter")
        verbose_name_plural = _("payment order counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class ConfirmationImport(models.Model):
    """One uploaded confirmation file (bank CSV or 1C XML) and what each of its rows did."""

    class Format(models.TextChoices):
        BANK_CSV = "bank_csv", _("Bank CSV")
        ONEC_XML = "1c_xml", _("1C XML")
        ONEC_STATEMENT = "1c_statement", _("1C bank statement")

    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("file")
    )
    file_format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    paid_count = models.PositiveIntegerField(_("paid"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    error_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    unknown_count = models.PositiveIntegerField(_("rows not ours"), default=0)
    error = models.TextField(_("file error"), blank=True)

    class Meta:
        verbose_name = _("confirmation import")
        verbose_name_plural = _("confirmation imports")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.document} ({self.imported_at:%Y-%m-%d %H:%M})"


class ConfirmationRow(models.Model):
    class Result(models.TextChoices):
        PAID = "paid", _("Marked paid")
        FAILED = "failed", _("Marked failed")
        ALREADY = "already", _("Already recorded, unchanged")
        REJECTED = "rejected", _("Rejected")
        UNKNOWN = "unknown", _("Not a payout of ours")

    confirmation = models.ForeignKey(
        ConfirmationImport, on_delete=models.CASCADE, related_name="rows"
    )
    row_no = models.PositiveIntegerField(_("row"))
    payout = models.ForeignKey(
        "payments.Payout",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    message = models.TextField(_("details"), blank=True)
    raw = models.JSONField(_("row as read"), default=dict)

    class Meta:
        verbose_name = _("confirmation row")
        verbose_name_plural = _("confirmation rows")
        ordering = ["confirmation", "row_no"]

    def __str__(self):
        return f"{self.row_no}: {self.result}"
