"""Tax rules (payments/tax.py): table-driven at every threshold, hypothesis for the scale."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments import tax
from payments.tax import Bracket, TaxParams

SCALE = (
    Bracket(D("0"), D("0.13")),
    Bracket(D("2400000"), D("0.15")),
    Bracket(D("5000000"), D("0.18")),
    Bracket(D("20000000"), D("0.20")),
    Bracket(D("50000000"), D("0.22")),
)
PARAMS = TaxParams(
    year=2026,
    resident_brackets=SCALE,
    non_resident_rate=D("0.30"),
    contribution_base=D("2979000"),
    contribution_rate_within=D("0.30"),
    contribution_rate_above=D("0.151"),
    npd_annual_limit=D("2400000"),
)


@pytest.mark.parametrize(
    ("ytd", "gross", "expected"),
    [
        ("0", "100000", "13000.00"),
        ("0", "2400000", "312000.00"),  # exactly at the first threshold: all 13%
        ("2399999.99", "0.01", "0.00"),  # 0.0013 rounds half up to 0.00
        ("2400000", "100000", "15000.00"),  # just above: 15%
        ("2300000", "200000", "28000.00"),  # 100k at 13% + 100k at 15%
        ("4900000", "200000", "33000.00"),  # 100k at 15% + 100k at 18%
        ("5000000", "100000", "18000.00"),
        ("19900000", "200000", "38000.00"),  # 18% then 20%
        ("20000000", "100000", "20000.00"),
        ("49900000", "200000", "42000.00"),  # 20% then 22%
        ("50000000", "100000", "22000.00"),
        ("0", "60000000", "11602000.00"),  # 312k + 390k + 2.7M + 6M + 2.2M
        ("0", "0", "0.00"),
        ("0", "0.05", "0.01"),  # 0.0065 -> 0.01 (half up)
    ],
)
def test_progressive_withholding_at_every_threshold(ytd, gross, expected):
    amount, _slices = tax.progressive_withholding(ytd_income=D(ytd), gross=D(gross), brackets=SCALE)
    assert amount == D(expected)


@pytest.mark.parametrize(
    ("ytd", "gross", "expected"),
    [
        ("0", "100000", "30000.00"),
        ("0", "2979000", "893700.00"),  # exactly the base: all 30%
        ("2979000", "100000", "15100.00"),  # above the base: 15.1%
        ("2929000", "100000", "22550.00"),  # 50k at 30% + 50k at 15.1%
    ],
)
def test_insurance_contributions_around_the_base(ytd, gross, expected):
    amount, _ = tax.insurance_contributions(
        ytd_base=D(ytd),
        gross=D(gross),
        base_limit=D("2979000"),
        rate_within=D("0.30"),
        rate_above=D("0.151"),
    )
    assert amount == D(expected)


@pytest.mark.parametrize(
    ("regime", "gross", "withholding", "contributions", "net", "note"),
    [
        ("individual", "100000", "13000.00", "30000.00", "87000.00", None),
        ("non_resident", "100000", "30000.00", "30000.00", "70000.00", None),
        ("self_employed", "100000", "0.00", "0.00", "100000.00", "npd_no_withholding"),
        ("entrepreneur", "100000", "0.00", "0.00", "100000.00", "entrepreneur_no_withholding"),
    ],
)
def test_compute_payout_tax_by_regime(regime, gross, withholding, contributions, net, note):
    result = tax.compute_payout_tax(regime=regime, gross=D(gross), ytd_income=D(0), params=PARAMS)
    assert (result.withholding, result.employer_contributions, result.net) == (
        D(withholding),
        D(contributions),
        D(net),
    )
    assert result.calculation["net"] == net
    if note:
        assert note in result.calculation["notes"]


def test_every_figure_shows_how_it_was_computed():
    result = tax.compute_payout_tax(
        regime="individual", gross=D("200000"), ytd_income=D("2300000"), params=PARAMS
    )
    slices = result.calculation["withholding"]["slices"]
    assert [(s["from"], s["to"], s["rate"], s["amount"]) for s in slices] == [
        ("2300000.00", "2400000.00", "0.13", "13000.00"),
        ("2400000.00", "2500000.00", "0.15", "15000.00"),
    ]
    assert result.calculation["ytd_income_before"] == "2300000.00"


@pytest.mark.parametrize(
    ("ytd", "gross", "flagged"),
    [("2300000", "100000", False), ("2300000", "100000.01", True), ("0", "2400000", False)],
)
def test_self_employed_limit_flagged_above_it(ytd, gross, flagged):
    result = tax.compute_payout_tax(
        regime="self_employed", gross=D(gross), ytd_income=D(ytd), params=PARAMS
    )
    assert ("npd_limit_exceeded" in result.calculation["notes"]) is flagged


@pytest.mark.parametrize(
    ("paid_on", "due"),
    [
        (date(2026, 3, 1), date(2026, 4, 9)),
        (date(2026, 3, 31), date(2026, 4, 9)),
        (date(2026, 12, 15), date(2027, 1, 9)),
    ],
)
def test_receipt_due_on_the_ninth_of_next_month(paid_on, due):
    assert tax.receipt_due_date(paid_on=paid_on) == due


@pytest.mark.parametrize(
    ("cap", "already", "gross", "exceeded"),
    [
        ("100000", "80000", "19999.99", False),  # under
        ("100000", "80000", "20000", False),  # at the cap exactly
        ("100000", "80000", "20000.01", True),  # over
    ],
)
def test_cap_at_under_and_over(cap, already, gross, exceeded):
    assert tax.cap_exceeded(cap=D(cap), already=D(already), gross=D(gross)) is exceeded


def test_unknown_regime_and_negative_income_are_refused():
    with pytest.raises(ValueError):
        tax.compute_payout_tax(regime="barter", gross=D(1), ytd_income=D(0), params=PARAMS)
    with pytest.raises(ValueError):
        tax.progressive_withholding(ytd_income=D(0), gross=D(-1), brackets=SCALE)


money = st.decimals(min_value=0, max_value=80_000_000, places=2, allow_nan=False)


@given(ytd=money, a=money, b=money)
def test_withholding_is_monotonic_in_income(ytd, a, b):
    low, high = sorted((a, b))
    w_low, _ = tax.progressive_withholding(ytd_income=ytd, gross=low, brackets=SCALE)
    w_high, _ = tax.progressive_withholding(ytd_income=ytd, gross=high, brackets=SCALE)
    assert w_low <= w_high


@given(ytd=money, gross=money)
def test_withholding_never_exceeds_the_marginal_rate(ytd, gross):
    amount, slices = tax.progressive_withholding(ytd_income=ytd, gross=gross, brackets=SCALE)
    top = max((s["rate"] for s in slices), default=D("0.13"))
    assert amount <= tax.money(gross * top)
    assert amount >= tax.money(gross * D("0.13")) - D("0.01") * len(slices)
    assert amount == amount.quantize(D("0.01"))  # exact kopecks, Decimal


@given(ytd=money, a=money, b=money)
def test_withholding_is_additive_over_split_payments(ytd, a, b):
    """Paying a+b at once or in two payouts withholds the same, within rounding of each part."""
    whole, _ = tax.progressive_withholding(ytd_income=ytd, gross=a + b, brackets=SCALE)
    first, _ = tax.progressive_withholding(ytd_income=ytd, gross=a, brackets=SCALE)
    second, _ = tax.progressive_withholding(ytd_income=ytd + a, gross=b, brackets=SCALE)
    assert abs(whole - (first + second)) <= D("0.01")
