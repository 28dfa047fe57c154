from datetime import date
from decimal import Decimal

import pytest

from contracts.terms import amount_in_words, contract_term_error, money


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "ok"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), True),  # exactly one year
        (date(2026, 1, 1), date(2026, 12, 30), False),  # a day short
        (date(2026, 1, 1), date(2028, 12, 31), True),  # exactly three years
        (date(2026, 1, 1), date(2029, 1, 1), False),  # a day too long
        (date(2026, 3, 1), date(2025, 3, 1), False),  # ends before it starts
        (date(2028, 2, 29), date(2029, 2, 27), True),  # leap day start
    ],
)
def test_contract_term_is_one_to_three_years(starts_on, ends_on, ok):
    assert (contract_term_error(starts_on=starts_on, ends_on=ends_on) is None) is ok


def test_money_rounds_half_up_and_refuses_floats():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert money(Decimal("2.675")) == Decimal("2.68")
    with pytest.raises(TypeError):
        money(0.1)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1", "один рубль 00 копеек"),
        ("125000.05", "сто двадцать пять тысяч рублей 05 копеек"),
        ("2", "два рубля 00 копеек"),
    ],
)
def test_amount_in_words_russian(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_printed_amounts_are_russian_whatever_the_page_language():
    from types import SimpleNamespace

    from django.utils import translation

    from contracts.context import order_context
    from experts.models import ServiceType

    order = SimpleNamespace(
        number="ЗУ-1",
        order_date=date(2026, 3, 5),
        service_type=ServiceType.values[0],
        description="Лекция",
        hours=Decimal("2"),
        rate=Decimal("25000"),
        amount=Decimal("50000"),
    )
    with translation.override("en"):
        context = order_context(order)
    assert context["amount"] == "50\u00a0000,00 ₽" and context["rate"] == "25\u00a0000,00 ₽"
