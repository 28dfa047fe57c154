"""The speaker's rating as a grading source (hooks.SPEAKER_RATING, issue 19 item 9): the one
rating window of feedback (selectors.rating_window_start) and the same figure as the profile."""

from django.utils.translation import gettext as _

from feedback.selectors import rating_window_start, speaker_rating
from kolplatform.core.hooks import SpeakerRating


def speaker_rating_for_grading(*, expert, now) -> SpeakerRating:
    average, count = speaker_rating(expert=expert, now=now)
    return SpeakerRating(
        average=average,
        count=count,
        window_start=rating_window_start(now),
        source=_("Speaker ratings in event surveys"),
    )
