"""Grading rules (DESIGN.md §5: tier from assessment score, thresholds configurable).

Pure functions over plain values.

* Each criterion has a weight w > 0 and a scale 1..max. A score s contributes (s / max) * w.
* The total is sum((s / max) * w) / sum(w) * 100, in percent, quantized to 0.01 ROUND_HALF_UP.
  The denominator is the weight of ALL criteria of the assessment: a missing score counts as 0
  (never as "not applicable"), so leaving a criterion empty can only lower the total. A draft may
  have missing scores; submitting for approval requires every score (Assessment.submit).
* The tier is the highest tier whose threshold is <= total: lower boundaries are inclusive
  (total == threshold reaches the tier). A total below the Local threshold gives no tier ("").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from experts.errors import GradingError
from experts.models.base import Tier

TIER_ORDER = (Tier.INTERNATIONAL, Tier.NATIONAL, Tier.REGIONAL, Tier.LOCAL)
"""Highest first."""

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionScore:
    weight: Decimal
    max_score: int
    score: int | None  # None = not scored yet


def check_score(score: int | None, max_score: int) -> None:
    """A score is an integer in 0..max_score, or missing."""
    if score is not None and not 0 <= score <= max_score:
        raise GradingError(
            _("Score %(score)s is outside the scale 0..%(max)s.")
            % {"score": score, "max": max_score}
        )


def weighted_total(scores: Iterable[CriterionScore]) -> Decimal:
    """Weighted total in percent (0..100); missing scores count as zero (see module docstring)."""
    scores = list(scores)
    if not scores:
        return Decimal("0.00")
    total_weight = sum((Decimal(c.weight) for c in scores), Decimal(0))
    if total_weight <= 0:
        raise GradingError(_("The weights of the criteria must add up to more than zero."))
    achieved = Decimal(0)
    for c in scores:
        if c.max_score < 1:
            raise GradingError(_("A criterion's scale must be at least 1."))
        check_score(c.score, c.max_score)
        if c.score is not None:
            achieved += Decimal(c.score) / Decimal(c.max_score) * Decimal(c.weight)
    return (achieved / total_weight * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def missing_scores(scores: Iterable[CriterionScore]) -> int:
    return sum(1 for c in scores if c.score is None)


def check_thresholds(thresholds: Mapping[str, Decimal]) -> None:
    """Thresholds must cover the four tiers, lie in 0..100 and not increase from high to low."""
    missing = [t for t in TIER_ORDER if t not in thresholds]
    if missing:
        raise GradingError(
            _("Thresholds are missing for: %(tiers)s.") % {"tiers": ", ".join(missing)}
        )
    values = [Decimal(thresholds[t]) for t in TIER_ORDER]
    if any(v < 0 or v > HUNDRED for v in values):
        raise GradingError(_("Thresholds must lie between 0 and 100."))
    if any(higher < lower for higher, lower in zip(values, values[1:], strict=False)):
        raise GradingError(_("A higher tier cannot have a lower threshold than the tier below it."))


def tier_for_total(total: Decimal, thresholds: Mapping[str, Decimal]) -> str:
    """The highest tier whose threshold <= total (boundaries inclusive); "" below Local."""
    check_thresholds(thresholds)
    for tier in TIER_ORDER:
        if Decimal(total) >= Decimal(thresholds[tier]):
            return tier
    return ""


RATING_SCALE_MAX = 5  # speaker ratings are 1-5


def score_from_rating(
    *, average: Decimal | None, count: int, min_ratings: int, max_score: int
) -> int | None:
    """The score of a criterion computed from the speaker's average rating (issue 19, item 9).

    The average of the 1-5 ratings in the rating window is carried onto the criterion's scale:
    average / 5 x max, rounded half up (4.5 of 5 on a 0..5 scale is 5; 3.2 on 0..10 is 6). With
    fewer than `min_ratings` ratings (or none) the figure proves nothing: None, the assessor
    scores the criterion by hand.
    """
    if average is None or count < max(min_ratings, 1):
        return None
    scaled = Decimal(average) / RATING_SCALE_MAX * max_score
    return max(0, min(max_score, int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))))
