"""Tax on payouts to experts: pure functions over plain values (issue 6 §2, DESIGN.md §5).

The numbers (scales, bases, limits) are not here: they live in the database with effective dates
(payments.models.settings, read by payments/tax_settings.py) and arrive as `TaxParams`.

Regimes, by the expert's tax status on the payment date:

- Individual under a civil-law contract, tax resident: the company is the tax agent and withholds
  personal income tax (НДФЛ) on the progressive scale of НК РФ ст. 224 п. 1 (ред. ФЗ от 12.07.2024
  № 176-ФЗ, from 01.01.2025): 13% up to 2.4 M RUB of the year's income, 15% to 5 M, 18% to 20 M,
  20% to 50 M, 22% above. The tax agent computes it cumulatively from the start of the year on the
  income it paid (НК РФ ст. 226 п. 3), so each payout withholds tax(YTD + gross) - tax(YTD).
- Individual, non-resident: 30% flat (НК РФ ст. 224 п. 3).
- For both, the company also pays insurance contributions from its own funds (НК РФ ст. 420 п. 1,
  ст. 425 п. 3 пп. 1, ст. 421 п. 6): 30% up to the year's contribution base per person, 15.1% above;
  they are a company cost reported separately and never reduce the expert's net.
- Self-employed (НПД, ФЗ от 27.11.2018 № 422-ФЗ): no withholding and no contributions (ст. 6 ч. 2,
  ст. 15); the expert hands a receipt (чек) for each payment no later than the 9th of the month
  after the payment (ст. 14 ч. 3); income above 2.4 M RUB a year ends the regime (ст. 4 ч. 2
  п. 8) — the limit is flagged on our own payments, the only income we see.
- Individual entrepreneur: no withholding (НК РФ ст. 226 п. 2 — not a tax agent for income of an
  entrepreneur); an invoice is required.

Money is Decimal quantised to kopecks with ROUND_HALF_UP; never float.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kolplatform.core.money import money

ZERO = Decimal("0.00")

INDIVIDUAL = "individual"
NON_RESIDENT = "non_resident"
SELF_EMPLOYED = "self_employed"
ENTREPRENEUR = "entrepreneur"
WITHHOLDING_REGIMES = frozenset({INDIVIDUAL, NON_RESIDENT})


@dataclass(frozen=True)
class Bracket:
    """`rate` applies to the part of the year's income above `lower_bound`."""

    lower_bound: Decimal
    rate: Decimal


@dataclass(frozen=True)
class TaxParams:
    """The settings in force on the payment date, read from the database."""

    year: int
    resident_brackets: tuple[Bracket, ...]
    non_resident_rate: Decimal
    contribution_base: Decimal
    contribution_rate_within: Decimal
    contribution_rate_above: Decimal
    npd_annual_limit: Decimal
    legal_basis: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TaxResult:
    withholding: Decimal
    employer_contributions: Decimal
    net: Decimal
    calculation: dict


def progressive_slices(*, income_from: Decimal, income_to: Decimal, brackets) -> list[dict]:
    """The parts of the income interval [income_from, income_to) falling in each bracket.

    Each slice: {"from", "to", "base", "rate", "amount"} with the exact (unrounded) tax.
    """
    ordered = sorted(brackets, key=lambda b: b.lower_bound)
    slices = []
    for i, bracket in enumerate(ordered):
        upper = ordered[i + 1].lower_bound if i + 1 < len(ordered) else None
        lo = max(income_from, bracket.lower_bound)
        hi = income_to if upper is None else min(income_to, upper)
        if hi > lo:
            base = hi - lo
            slices.append(
                {
                    "from": lo,
                    "to": hi,
                    "base": base,
                    "rate": bracket.rate,
                    "amount": base * bracket.rate,
                }
            )
    return slices


def progressive_withholding(
    *, ytd_income: Decimal, gross: Decimal, brackets
) -> tuple[Decimal, list]:
    """Tax to withhold from `gross` when `ytd_income` was already paid this year (ст. 224, 226).

    Equals tax(ytd + gross) - tax(ytd) exactly, rounded once to kopecks, so it is monotonic in
    `gross` and never above gross x the highest rate it reaches.
    """
    if gross < 0 or ytd_income < 0:
        raise ValueError("Income cannot be negative.")
    slices = progressive_slices(
        income_from=ytd_income, income_to=ytd_income + gross, brackets=brackets
    )
    return money(sum((s["amount"] for s in slices), Decimal(0))), slices


def insurance_contributions(
    *,
    ytd_base: Decimal,
    gross: Decimal,
    base_limit: Decimal,
    rate_within: Decimal,
    rate_above: Decimal,
) -> tuple[Decimal, list]:
    """Employer's insurance contributions on `gross` (НК РФ ст. 425 п. 3 пп. 1, ст. 421 п. 6).

    `rate_within` up to the year's base per person (counted from `ytd_base`), `rate_above` beyond.
    """
    brackets = (Bracket(Decimal(0), rate_within), Bracket(base_limit, rate_above))
    slices = progressive_slices(income_from=ytd_base, income_to=ytd_base + gross, brackets=brackets)
    return money(sum((s["amount"] for s in slices), Decimal(0))), slices


def npd_limit_exceeded(*, ytd_income: Decimal, gross: Decimal, limit: Decimal) -> bool:
    """Self-employed income from us this year, with this payout, above the limit (422-ФЗ ст. 4)."""
    return ytd_income + gross > limit


def receipt_due_date(*, paid_on: date, day: int = 9) -> date:
    """Last day to hand the self-employed receipt: the `day`th of the next month (422-ФЗ ст. 14)."""
    year, month = (
        (paid_on.year + 1, 1) if paid_on.month == 12 else (paid_on.year, paid_on.month + 1)
    )
    return date(year, month, min(day, monthrange(year, month)[1]))


def cap_exceeded(*, cap: Decimal, already: Decimal, gross: Decimal) -> bool:
    """Above a cap when the sum with this payout is above it; reaching it exactly is allowed."""
    return already + gross > cap


def _json_slices(slices) -> list[dict]:
    return [
        {
            "from": str(money(s["from"])),
            "to": str(money(s["to"])),
            "base": str(money(s["base"])),
            "rate": format(Decimal(s["rate"]).normalize(), "f"),
            "amount": str(money(s["amount"])),
        }
        for s in slices
    ]


def compute_payout_tax(
    *, regime: str, gross: Decimal, ytd_income: Decimal, params: TaxParams
) -> TaxResult:
    """Withholding, employer contributions and net for one payout, with how each was computed."""
    gross = money(gross)
    ytd_income = money(ytd_income)
    withholding, w_slices = ZERO, []
    contributions, c_slices = ZERO, []
    notes = []
    if regime == INDIVIDUAL:
        withholding, w_slices = progressive_withholding(
            ytd_income=ytd_income, gross=gross, brackets=params.resident_brackets
        )
    elif regime == NON_RESIDENT:
        withholding, w_slices = progressive_withholding(
            ytd_income=ytd_income,
            gross=gross,
            brackets=(Bracket(Decimal(0), params.non_resident_rate),),
        )
    elif regime == SELF_EMPLOYED:
        notes.append("npd_no_withholding")
        if npd_limit_exceeded(ytd_income=ytd_income, gross=gross, limit=params.npd_annual_limit):
            notes.append("npd_limit_exceeded")
    elif regime == ENTREPRENEUR:
        notes.append("entrepreneur_no_withholding")
    else:
        raise ValueError(f"Unknown tax regime: {regime!r}")
    if regime in WITHHOLDING_REGIMES:
        contributions, c_slices = insurance_contributions(
            ytd_base=ytd_income,
            gross=gross,
            base_limit=params.contribution_base,
            rate_within=params.contribution_rate_within,
            rate_above=params.contribution_rate_above,
        )
    net = money(gross - withholding)
    calculation = {
        "regime": regime,
        "year": params.year,
        "gross": str(gross),
        "ytd_income_before": str(ytd_income),
        "withholding": {"total": str(withholding), "slices": _json_slices(w_slices)},
        "contributions": {
            "total": str(contributions),
            "base_limit": str(money(params.contribution_base)),
            "slices": _json_slices(c_slices),
        },
        "net": str(net),
        "npd_annual_limit": str(money(params.npd_annual_limit)),
        "notes": notes,
        "legal_basis": params.legal_basis,
    }
    return TaxResult(withholding, contributions, net, calculation)
