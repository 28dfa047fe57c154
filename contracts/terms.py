"""Rules of the contract (DESIGN.md §5), as pure functions over plain values.

* Term: a framework contract runs at least one and at most three years
  (ends_on >= starts_on + 1 year - 1 day and ends_on <= starts_on + 3 years - 1 day).
* Cap: the orders of a contract (not cancelled) may not sum above its cap amount; an order that
  would exceed it is refused with the reason (contracts/caps.py, with the annual cap).
* Money is Decimal quantized to kopecks ROUND_HALF_UP; amounts in words are Russian (num2words).
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from num2words import num2words

from kolplatform.core.money import money

MIN_TERM_YEARS = 1
MAX_TERM_YEARS = 3


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def contract_term_error(*, starts_on: datetime.date, ends_on: datetime.date) -> str | None:
    """Why the term is not allowed (1 to 3 years, both ends inclusive), or None."""
    if not starts_on or not ends_on:
        return _("Both the start and the end date are required.")
    if ends_on < starts_on:
        return _("The contract cannot end before it starts.")
    shortest = _add_years(starts_on, MIN_TERM_YEARS) - datetime.timedelta(days=1)
    longest = _add_years(starts_on, MAX_TERM_YEARS) - datetime.timedelta(days=1)
    if ends_on < shortest:
        return _("The term of a framework contract is at least one year (until %(date)s).") % {
            "date": shortest.strftime("%d.%m.%Y")
        }
    if ends_on > longest:
        return _("The term of a framework contract is at most three years (until %(date)s).") % {
            "date": longest.strftime("%d.%m.%Y")
        }
    return None


def amount_in_words(value: Decimal, currency: str = "RUB") -> str:
    """Russian words for the roubles, kopecks in figures: «сто рублей 05 копеек»."""
    value = money(value)
    words = num2words(value, lang="ru", to="currency", currency=currency, cents=False)
    return words.replace(",", "")
