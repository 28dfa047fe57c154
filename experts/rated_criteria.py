"""Grading criteria whose score is computed, not typed (issue 19, item 9): the speaker's average
rating over the rating window, from feedback through `hooks.SPEAKER_RATING` (experts is below
feedback). While an assessment is a draft its computed scores follow the ratings; from its
submission on they are frozen with the source they came from."""

from django.utils import timezone
from django.utils.translation import gettext as _

from experts.grading import score_from_rating
from experts.models import AssessmentScore, GradingCriterion
from kolplatform.core import hooks


def speaker_rating_provider():
    """The contributed provider, or None when no module rates speakers."""
    contributed = hooks.contributions(hooks.SPEAKER_RATING)
    return contributed[0] if contributed else None


def _note(rating, criterion, score) -> str:
    since = timezone.localtime(rating.window_start).strftime("%d.%m.%Y")
    figures = {
        "source": rating.source,
        "average": rating.average if rating.average is not None else "—",
        "count": rating.count,
        "since": since,
        "min": criterion.min_ratings,
    }
    if score is None:
        return (
            _(
                "%(source)s: %(count)s ratings since %(since)s, at least %(min)s needed; "
                "scored by the assessor."
            )
            % figures
        )
    return _("%(source)s: average %(average)s of %(count)s ratings since %(since)s.") % figures


def scores_compute(*, assessment, rows: list[AssessmentScore], now=None) -> list[AssessmentScore]:
    """Fill the computed criteria of a draft's rows in place; returns the rows changed."""
    provider = speaker_rating_provider()
    rated = [r for r in rows if r.criterion.source == GradingCriterion.Source.SPEAKER_RATING]
    if provider is None or not rated:
        return []
    rating = provider(expert=assessment.expert, now=now or timezone.now())
    for row in rated:
        score = score_from_rating(
            average=rating.average,
            count=rating.count,
            min_ratings=row.criterion.min_ratings,
            max_score=row.max_score,
        )
        note = _note(rating, row.criterion, score)
        if score is not None:
            row.score, row.computed, row.evidence = score, True, note
        else:
            if row.computed:  # it was computed before: the assessor scores it now
                row.score = None
            row.computed = False
            row.evidence = (
                row.evidence
                if row.evidence and not row.evidence.startswith(rating.source)
                else note
            )
    return rated
