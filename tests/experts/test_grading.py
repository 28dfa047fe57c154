"""Tier computation (experts/grading.py): weights, boundaries, missing scores."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from experts.errors import GradingError
from experts.grading import CriterionScore, missing_scores, tier_for_total, weighted_total
from experts.models import Tier

D = Decimal
THRESHOLDS = {
    Tier.INTERNATIONAL: D("85"),
    Tier.NATIONAL: D("70"),
    Tier.REGIONAL: D("50"),
    Tier.LOCAL: D("20"),
}


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        (D("100"), Tier.INTERNATIONAL),
        (D("85.00"), Tier.INTERNATIONAL),  # boundary inclusive
        (D("84.99"), Tier.NATIONAL),
        (D("70"), Tier.NATIONAL),
        (D("69.99"), Tier.REGIONAL),
        (D("50"), Tier.REGIONAL),
        (D("49.99"), Tier.LOCAL),
        (D("20"), Tier.LOCAL),
        (D("19.99"), ""),
        (D("0"), ""),
    ],
)
def test_tier_for_total_boundaries_are_inclusive(total, tier):
    assert tier_for_total(total, THRESHOLDS) == tier


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([CriterionScore(D(1), 5, 5)], D("100.00")),
        ([CriterionScore(D(1), 5, 0)], D("0.00")),
        # weights: 3 x full + 1 x zero = 75 %
        ([CriterionScore(D(3), 5, 5), CriterionScore(D(1), 10, 0)], D("75.00")),
        # different scales: 2/4 (w 1) and 9/10 (w 1) -> (0.5 + 0.9) / 2
        ([CriterionScore(D(1), 4, 2), CriterionScore(D(1), 10, 9)], D("70.00")),
        # rounding half up: 1/3 of 100 -> 33.33; 2/3 -> 66.67
        ([CriterionScore(D(1), 3, 1)], D("33.33")),
        ([CriterionScore(D(1), 3, 2)], D("66.67")),
        ([], D("0.00")),
    ],
)
def test_weighted_total(scores, expected):
    assert weighted_total(scores) == expected


def test_missing_score_counts_as_zero_and_is_reported():
    scores = [CriterionScore(D(1), 5, 5), CriterionScore(D(1), 5, None)]
    assert weighted_total(scores) == D("50.00")
    assert missing_scores(scores) == 1


@pytest.mark.parametrize(
    "scores",
    [
        [CriterionScore(D(1), 5, 6)],
        [CriterionScore(D(1), 0, 0)],
        [CriterionScore(D(0), 5, 3)],
    ],
)
def test_invalid_scores_are_refused(scores):
    with pytest.raises(GradingError):
        weighted_total(scores)


@pytest.mark.parametrize(
    "thresholds",
    [
        {Tier.INTERNATIONAL: D(50), Tier.NATIONAL: D(70), Tier.REGIONAL: D(10), Tier.LOCAL: D(0)},
        {Tier.INTERNATIONAL: D(150), Tier.NATIONAL: D(70), Tier.REGIONAL: D(10), Tier.LOCAL: D(0)},
        {Tier.INTERNATIONAL: D(90), Tier.NATIONAL: D(70)},
    ],
)
def test_inconsistent_thresholds_are_refused(thresholds):
    with pytest.raises(GradingError):
        tier_for_total(D(60), thresholds)


criterion = st.builds(
    lambda w, m, s: CriterionScore(D(w), m, None if s is None else min(s, m)),
    st.integers(1, 100),
    st.integers(1, 10),
    st.one_of(st.none(), st.integers(0, 10)),
)


@given(st.lists(criterion, min_size=1, max_size=12))
def test_total_lies_in_0_100_and_missing_never_raises_it(scores):
    total = weighted_total(scores)
    assert D(0) <= total <= D(100)
    filled = [CriterionScore(c.weight, c.max_score, c.score or 0) for c in scores]
    assert weighted_total(filled) == total  # missing == zero
    maxed = [CriterionScore(c.weight, c.max_score, c.max_score) for c in scores]
    assert weighted_total(maxed) == D("100.00")


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(0, 100, places=2))
def test_tier_is_monotonic_in_total(a, b):
    order = [Tier.INTERNATIONAL, Tier.NATIONAL, Tier.REGIONAL, Tier.LOCAL, ""]
    low, high = sorted((a, b))
    assert order.index(tier_for_total(high, THRESHOLDS)) <= order.index(
        tier_for_total(low, THRESHOLDS)
    )


@given(st.integers(1, 50), st.integers(1, 10), st.integers(0, 10))
def test_scaling_all_weights_keeps_the_total(factor, max_score, score):
    score = min(score, max_score)
    one = [CriterionScore(D(2), max_score, score), CriterionScore(D(1), 5, 3)]
    scaled = [CriterionScore(c.weight * factor, c.max_score, c.score) for c in one]
    assert weighted_total(one) == weighted_total(scaled)
