"""The `figure` filter prints every number of the analytics pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from analytics.templatetags.analytics_figures import figure


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (Decimal("1234.5"), "money", "1,234.50"),
        (1234, "int", "1,234"),
        (Decimal("12.25"), "plan", "12.3"),
        (Decimal("12.0"), "plan", "12"),
        (Decimal("3.456"), "decimal", "3.46"),
        (Decimal("12.34"), "percent", "12.3%"),
        (date(2026, 3, 5), "date", "05.03.2026"),
        ("Москва", "text", "Москва"),
        (0, "money", "0.00"),
    ],
)
def test_figures_in_english(value, kind, expected):
    with translation.override("en"):
        assert str(figure(value, kind)) == expected


def test_money_in_russian_groups_with_a_space():
    with translation.override("ru"):
        assert str(figure(Decimal("1234567.5"), "money")).replace("\xa0", " ") == "1 234 567,50"


def test_missing_value_is_a_dash():
    assert "—" in figure(None, "money") and "text-secondary" in figure(None, "int")
