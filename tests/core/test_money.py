"""kolplatform.core.money: quantisation to kopecks and the printed amount per language."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kolplatform.core.money import KOPECK, format_money, money

amounts = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_money_is_within_half_a_kopeck_and_has_two_places(value):
    result = money(value)
    assert result.as_tuple().exponent == -2
    assert abs(result - value) <= Decimal("0.005")


@given(amounts)
def test_money_rounds_half_away_from_zero(value):
    half = value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    if half.as_tuple().digits[-1] == 5 and half == value:
        assert abs(money(value)) > abs(value)


@given(amounts)
def test_money_is_idempotent(value):
    assert money(money(value)) == money(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("0.015", "0.02"), ("-0.005", "-0.01"), ("2.675", "2.68"), (7, "7.00")],
)
def test_money_table(value, expected):
    assert money(value) == Decimal(expected) and money(value).as_tuple().exponent == -2


def test_money_refuses_float():
    with pytest.raises(TypeError):
        money(0.1)
    assert Decimal("0.01") == KOPECK


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "50\u00a0000,00"), ("en", "50,000.00")],
)
def test_format_money_follows_the_active_language(language, expected):
    with translation.override(language):
        assert format_money(Decimal("50000")) == expected
        assert format_money(Decimal("50000"), currency="₽") == f"{expected} ₽"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("ru", "1234567.125", "1\u00a0234\u00a0567,13"),
        ("en", "1234567.125", "1,234,567.13"),
        ("ru", "-5.5", "-5,50"),
        ("en", "0", "0.00"),
    ],
)
def test_format_money_table(language, value, expected):
    with translation.override(language):
        assert format_money(value) == expected


def test_format_money_for_print_is_russian_whatever_the_page():
    with translation.override("en"):
        assert format_money(Decimal("50000"), currency="₽", language="ru") == "50\u00a0000,00 ₽"


def test_format_money_of_nothing_is_empty():
    assert format_money(None) == "" and format_money("") == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "50\u00a0000,00"), ("en", "50,000.00")],
)
def test_money_filter_follows_the_language(language, expected):
    template = Template("{% load ui %}[{{ amount|money }}]")
    with translation.override(language):
        assert template.render(Context({"amount": Decimal("50000")})) == f"[{expected}]"
