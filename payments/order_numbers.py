"""Numbers of the payment orders the company writes for 1C (payments/onec/exchange.py).

Rule (Положение Банка России № 762-П, приложение 1, реквизит 3 «Номер»): the number of a payment
order is at most six digits and not zero; its last three digits are never «000». Numbers run per
calendar year from 1 (the counter is `PaymentOrderCounter`); after 999 999 they start again at 1,
and the statement import tells orders of the same number apart by their date, amount and payee.
"""

MAX_NUMBER = 999_999


def is_valid_number(n: int) -> bool:
    return 0 < n <= MAX_NUMBER and n % 1000 != 0


def next_numbers(last: int, count: int) -> list[int]:
    """The `count` valid numbers following `last` (0 when none was used yet)."""
    numbers = []
    n = last
    while len(numbers) < count:
        n = n + 1 if n < MAX_NUMBER else 1
        if is_valid_number(n):
            numbers.append(n)
    return numbers
