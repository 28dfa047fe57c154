"""Money: one quantisation and one way to print an amount.

Amounts are `Decimal` quantised to kopecks, half up (house rule 5); a float is refused, since a
binary fraction is not an amount. On the pages an amount is printed in the active language's
format (ru: «50 000,00», en: "50,000.00"); printed documents pass `language="ru"`.
"""

from contextlib import nullcontext
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format

KOPECK = Decimal("0.01")


def money(value) -> Decimal:
    """`value` (Decimal, int or numeric text) quantised to kopecks, ROUND_HALF_UP."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def format_money(value, *, currency: str = "", language: str | None = None) -> str:
    """The amount with digit grouping and two decimals in `language` (default: the active one),
    followed by `currency` when given; "" for no value."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):  # an aggregate the database returned as float: print it
        value = Decimal(repr(value))
    with translation.override(language) if language else nullcontext():
        text = number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{text} {currency}" if currency else text
