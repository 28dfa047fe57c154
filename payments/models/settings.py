"""Configurable numbers of the payment rules, each with the date it takes effect (issue 6 §2).

Seeded by the data migration `0003_seed_tax_settings`; read by payments/tax_settings.py and passed
as plain values to the pure functions of payments/tax.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.models import Tier

MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 6, "decimal_places": 4}


class TaxRate(models.Model):
    """One bracket of a personal income tax scale: `rate` applies to income above `lower_bound`."""

    class Scale(models.TextChoices):
        RESIDENT = "resident", _("Tax resident (progressive scale)")
        NON_RESIDENT = "non_resident", _("Non-resident")

    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices)
    valid_from = models.DateField(_("valid from"))
    lower_bound = models.DecimalField(_("income above"), **MONEY)
    rate = models.DecimalField(_("rate"), help_text=_("0.13 means 13%."), **RATE)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("income tax bracket")
        verbose_name_plural = _("income tax brackets")
        ordering = ["scale", "-valid_from", "lower_bound"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "valid_from", "lower_bound"], name="tax_rate_unique_bracket"
            )
        ]

    def __str__(self):
        return f"{self.get_scale_display()} {self.valid_from}: >{self.lower_bound} {self.rate}"


class ContributionSetting(models.Model):
    """Insurance contributions for one year: `rate_within` up to the base, `rate_above` beyond."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    base_limit = models.DecimalField(_("annual contribution base"), **MONEY)
    rate_within = models.DecimalField(_("rate up to the base"), **RATE)
    rate_above = models.DecimalField(_("rate above the base"), **RATE)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("insurance contribution setting")
        verbose_name_plural = _("insurance contribution settings")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.base_limit}"


class AnnualCap(models.Model):
    """The most an expert of a tier may be paid by the company in a calendar year (DESIGN.md §5)."""

    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(_("annual cap"), **MONEY)

    class Meta:
        verbose_name = _("annual cap")
        verbose_name_plural = _("annual caps")
        ordering = ["tier", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "valid_from"], name="annual_cap_unique")
        ]

    def __str__(self):
        return f"{self.get_tier_display()} {self.valid_from}: {self.amount}"


class PayoutSettings(models.Model):
    """Self-employed limits, receipt term, reminder and escalation settings from a date on."""

    valid_from = models.DateField(_("valid from"), unique=True)
    npd_annual_limit = models.DecimalField(_("self-employed annual income limit"), **MONEY)
    npd_receipt_day = models.PositiveSmallIntegerField(
        _("receipt due by day of the next month"), default=9
    )
    npd_status_valid_days = models.PositiveSmallIntegerField(
        _("NPD status confirmation valid, days"), default=3
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalate to the finance head after, days"), default=3
    )
    finance_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finance head"),
    )
    payer_name = models.CharField(_("payer name"), max_length=300, blank=True)
    payer_inn = models.CharField(_("payer INN"), max_length=12, blank=True)
    payer_kpp = models.CharField(_("payer KPP"), max_length=9, blank=True)
    payer_account = models.CharField(_("payer account"), max_length=20, blank=True)
    payer_bik = models.CharField(_("payer BIK"), max_length=9, blank=True)
    payer_bank = models.CharField(_("payer bank"), max_length=300, blank=True)
    payer_bank_city = models.CharField(_("payer bank city"), max_length=100, blank=True)
    payer_corr_account = models.CharField(
        _("payer bank correspondent account"), max_length=20, blank=True
    )
    salary_contract_number = models.CharField(
        _("salary project contract №"),
        max_length=50,
        blank=True,
        help_text=_("НомерДоговора of the salary-project registry (from the bank)."),
    )
    salary_contract_date = models.DateField(
        _("salary project contract date"), null=True, blank=True
    )
    salary_primary_document_id = models.CharField(
        _("salary registry primary document id"),
        max_length=50,
        blank=True,
        help_text=_("ИдПервичногоДокумента; the registry number when empty."),
    )
    salary_bank_branch = models.CharField(
        _("bank branch code"),
        max_length=20,
        blank=True,
        help_text=_("ОтделениеБанка of each transfer, when the bank asks for it."),
    )
    salary_income_code = models.CharField(
        _("income type code"),
        max_length=2,
        default="1",
        help_text=_("КодВидаДохода (229-ФЗ ст. 99): 1, 2 or 3."),
    )

    class Meta:
        verbose_name = _("payout settings")
        verbose_name_plural = _("payout settings")
        ordering = ["-valid_from"]

    def __str__(self):
        return str(self.valid_from)
