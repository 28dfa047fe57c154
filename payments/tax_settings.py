"""Reading the tax settings in force on a date from the database into payments.tax.TaxParams.

The settings tables are small; `SettingsBook` loads them once and answers for any date in memory,
so checking thousands of payouts costs four queries, not four per payout.
"""

from datetime import date
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext as _

from payments.models import AnnualCap, ContributionSetting, PayoutSettings, TaxRate
from payments.tax import Bracket, TaxParams


class TaxSettingsMissing(Exception):
    """No setting is in force on the date; the message says which one."""


def _latest(rows, on: date):
    """The row with the latest valid_from on or before `on` (rows sorted by valid_from)."""
    found = None
    for row in rows:
        if row.valid_from <= on:
            found = row
    return found


class SettingsBook:
    """All tax and payout settings, loaded once; `*_on(date)` picks what is in force."""

    def __init__(self):
        self.rates = list(TaxRate.objects.order_by("valid_from", "lower_bound"))
        self.contributions = {c.year: c for c in ContributionSetting.objects.all()}
        self.caps = list(AnnualCap.objects.order_by("valid_from"))
        self.settings = list(
            PayoutSettings.objects.select_related("finance_head").order_by("valid_from")
        )
        self.params_on = cache(self._params_on)
        self.annual_cap_on = cache(self._annual_cap_on)

    def payout_settings_on(self, on: date) -> PayoutSettings:
        found = _latest(self.settings, on)
        if found is None:
            raise TaxSettingsMissing(
                _("No payout settings are in force on %(date)s.") % {"date": on}
            )
        return found

    def _brackets(self, scale: str, on: date) -> tuple[tuple[Bracket, ...], str]:
        rows = [r for r in self.rates if r.scale == scale and r.valid_from <= on]
        if not rows:
            raise TaxSettingsMissing(
                _("No income tax scale is in force on %(date)s.") % {"date": on}
            )
        start = max(r.valid_from for r in rows)
        current = [r for r in rows if r.valid_from == start]
        return tuple(Bracket(r.lower_bound, r.rate) for r in current), current[0].legal_basis

    def _params_on(self, on: date) -> TaxParams:
        contribution = self.contributions.get(on.year)
        if contribution is None:
            raise TaxSettingsMissing(
                _("No insurance contribution base is set for %(year)s.") % {"year": on.year}
            )
        resident, basis = self._brackets(TaxRate.Scale.RESIDENT, on)
        non_resident, _basis = self._brackets(TaxRate.Scale.NON_RESIDENT, on)
        return TaxParams(
            year=on.year,
            resident_brackets=resident,
            non_resident_rate=non_resident[0].rate,
            contribution_base=contribution.base_limit,
            contribution_rate_within=contribution.rate_within,
            contribution_rate_above=contribution.rate_above,
            npd_annual_limit=self.payout_settings_on(on).npd_annual_limit,
            legal_basis={"resident": basis, "contributions": contribution.legal_basis},
        )

    def _annual_cap_on(self, tier: str, on: date) -> Decimal | None:
        """The annual cap of `tier` on `on`; None when the tier has none (no cap)."""
        found = _latest([c for c in self.caps if c.tier == tier], on)
        return found.amount if found else None


def tax_params_on(on: date) -> TaxParams:
    """The scales, contribution base and limits in force on `on` (the payment date)."""
    return SettingsBook().params_on(on)


def payout_settings_on(on: date) -> PayoutSettings:
    found = PayoutSettings.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if found is None:
        raise TaxSettingsMissing(_("No payout settings are in force on %(date)s.") % {"date": on})
    return found


def annual_cap_on(tier: str, on: date) -> Decimal | None:
    """The annual cap of `tier` in force on `on` (one query); None when the tier has none."""
    if not tier:
        return None
    found = AnnualCap.objects.filter(tier=tier, valid_from__lte=on).order_by("-valid_from").first()
    return found.amount if found else None
