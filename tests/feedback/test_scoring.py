from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback import scoring


@pytest.mark.parametrize(
    "distribution, expected",
    [
        ({}, None),
        ({5: 1}, Decimal("5.00")),
        ({5: 1, 4: 1}, Decimal("4.50")),
        ({1: 1, 2: 1, 3: 0}, Decimal("1.50")),  # a zero count weighs nothing
        ({5: 2, 4: 1}, Decimal("4.67")),  # 14/3 = 4.666… rounds half-up
        ({1: 1, 2: 2}, Decimal("1.67")),
        ({3: 0}, None),
    ],
)
def test_average(distribution, expected):
    assert scoring.average(distribution) == expected


@pytest.mark.parametrize(
    "distribution, expected",
    [
        ({}, None),
        ({10: 1}, Decimal("100.0")),
        ({0: 1}, Decimal("-100.0")),
        ({7: 3, 8: 2}, Decimal("0.0")),  # passives only
        ({9: 1, 6: 1, 7: 1}, Decimal("0.0")),
        ({10: 2, 9: 1, 8: 1, 3: 1}, Decimal("40.0")),  # 3 promoters, 1 detractor of 5
        ({9: 1, 5: 2}, Decimal("-33.3")),
        ({9: 2, 5: 1}, Decimal("33.3")),
        ({6: 1, 9: 0}, Decimal("-100.0")),  # 6 is a detractor
    ],
)
def test_nps(distribution, expected):
    assert scoring.nps(distribution) == expected


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (0, 0, None),
        (5, 0, None),
        (0, 10, Decimal("0.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (12, 10, Decimal("120.0")),
    ],
)
def test_rate(part, whole, expected):
    assert scoring.rate(part, whole) == expected


scale = st.dictionaries(st.integers(0, 10), st.integers(0, 500))


@given(scale)
def test_nps_is_within_bounds(distribution):
    value = scoring.nps(distribution)
    assert value is None or Decimal(-100) <= value <= Decimal(100)


@given(scale)
def test_average_lies_between_min_and_max_answered(distribution):
    value = scoring.average(distribution)
    answered = [v for v, c in distribution.items() if c]
    if not answered:
        assert value is None
    else:
        assert min(answered) <= value <= max(answered)


@given(scale, scale)
def test_merge_adds_counts(a, b):
    merged = scoring.merge(a, b)
    assert scoring.answer_count(merged) == scoring.answer_count(a) + scoring.answer_count(b)


@pytest.mark.parametrize(
    ("responses", "checked_in", "rate", "beyond"),
    [
        (0, 0, None, 0),
        (5, 0, None, 5),
        (3, 4, Decimal("75.0"), 0),
        (4, 4, Decimal("100.0"), 0),
        (7, 1, Decimal("100.0"), 6),  # the demo's "700 %"
        (7, 2, Decimal("100.0"), 5),  # the demo's "350 %"
    ],
)
def test_response_rate_counts_checked_in_and_stops_at_100(responses, checked_in, rate, beyond):
    assert scoring.response_rate(responses=responses, checked_in=checked_in) == rate
    assert scoring.responses_beyond_checked_in(responses=responses, checked_in=checked_in) == beyond


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_response_rate_is_between_0_and_100(responses, checked_in):
    result = scoring.response_rate(responses=responses, checked_in=checked_in)
    assert result is None or Decimal(0) <= result <= Decimal(100)
