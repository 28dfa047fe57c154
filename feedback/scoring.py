"""The scoring rules of feedback (issue 7), as pure functions over distributions.

A distribution maps a scale value to the number of answers with that value, e.g. {5: 10, 4: 3}.
Results are Decimals rounded half-up, so the same data always shows the same figure.
"""

from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")

NPS_PROMOTER_MIN = 9  # 9 and 10 are promoters
NPS_DETRACTOR_MAX = 6  # 0..6 are detractors; 7 and 8 are passives


def answer_count(distribution: dict[int, int]) -> int:
    return sum(distribution.values())


def average(distribution: dict[int, int]) -> Decimal | None:
    """Mean of the answered values, to two places; None when nobody answered."""
    total = answer_count(distribution)
    if not total:
        return None
    weighted = sum(value * count for value, count in distribution.items())
    return (Decimal(weighted) / Decimal(total)).quantize(TWO_PLACES, ROUND_HALF_UP)


def nps(distribution: dict[int, int]) -> Decimal | None:
    """Net Promoter Score: % of promoters (9-10) minus % of detractors (0-6), from -100 to 100,
    to one place; None when nobody answered."""
    total = answer_count(distribution)
    if not total:
        return None
    promoters = sum(c for v, c in distribution.items() if v >= NPS_PROMOTER_MIN)
    detractors = sum(c for v, c in distribution.items() if v <= NPS_DETRACTOR_MAX)
    return (Decimal(100) * (promoters - detractors) / Decimal(total)).quantize(
        ONE_PLACE, ROUND_HALF_UP
    )


def rate(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole` to one place; None when `whole` is zero."""
    if not whole:
        return None
    return (Decimal(100) * part / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP)


def response_rate(*, responses: int, checked_in: int) -> Decimal | None:
    """The share of checked-in participants who answered, 0 to 100; None before anyone checked in.

    Rule (issue 19): the rate counts checked-in participants. On a survey for checked-in
    participants only, every response is one checked-in participant's. On an open survey people
    who did not check in may answer too; they are not participants we counted, so at most every
    checked-in participant answered: the rate stops at 100 and the surplus is reported apart
    (`responses_beyond_checked_in`), never as a rate of 700 %.
    """
    return rate(min(responses, checked_in), checked_in)


def responses_beyond_checked_in(*, responses: int, checked_in: int) -> int:
    """Responses more than the checked-in participants (answers from people who did not check
    in, or a check-in list left incomplete)."""
    return max(0, responses - checked_in)


def merge(*distributions: dict[int, int]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for d in distributions:
        for value, count in d.items():
            merged[value] = merged.get(value, 0) + count
    return merged
