"""Reading the tax settings in force on a date from the database into payments.tax.TaxParams."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from payments.models import AnnualCap, ContributionSetting, PayoutSettings, TaxRate
from payments.tax import Bracket, TaxParams


class TaxSettingsMissing(Exception):
    """No setting is in force on the date; the message says which one."""


def _brackets(scale: str, on: date) -> tuple[Bracket, ...]:
    latest = (
        TaxRate.objects.filter(scale=scale, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if latest is None:
        raise TaxSettingsMissing(_("No income tax scale is in force on %(date)s.") % {"date": on})
    rows = TaxRate.objects.filter(scale=scale, valid_from=latest).order_by("lower_bound")
    return tuple(Bracket(r.lower_bound, r.rate) for r in rows)


def payout_settings_on(on: date) -> PayoutSettings:
    settings = PayoutSettings.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if settings is None:
        raise TaxSettingsMissing(_("No payout settings are in force on %(date)s.") % {"date": on})
    return settings


def tax_params_on(on: date) -> TaxParams:
    """The scales, contribution base and limits in force on `on` (the payment date)."""
    contribution = ContributionSetting.objects.filter(year=on.year).first()
    if contribution is None:
        raise TaxSettingsMissing(
            _("No insurance contribution base is set for %(year)s.") % {"year": on.year}
        )
    resident = _brackets(TaxRate.Scale.RESIDENT, on)
    non_resident = _brackets(TaxRate.Scale.NON_RESIDENT, on)
    basis = {
        "resident": TaxRate.objects.filter(scale=TaxRate.Scale.RESIDENT, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("legal_basis", flat=True)
        .first()
        or "",
        "contributions": contribution.legal_basis,
    }
    return TaxParams(
        year=on.year,
        resident_brackets=resident,
        non_resident_rate=non_resident[0].rate,
        contribution_base=contribution.base_limit,
        contribution_rate_within=contribution.rate_within,
        contribution_rate_above=contribution.rate_above,
        npd_annual_limit=payout_settings_on(on).npd_annual_limit,
        legal_basis=basis,
    )


def annual_cap_on(*, tier: str, on: date) -> Decimal | None:
    """The annual cap of `tier` in force on `on`; None when the tier has none (no cap)."""
    cap = AnnualCap.objects.filter(tier=tier, valid_from__lte=on).order_by("-valid_from").first()
    return cap.amount if cap else None
