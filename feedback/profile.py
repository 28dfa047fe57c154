"""The speaker rating on the expert profile and the KOL's cabinet profile (experts.profile,
hooks.PROFILE_SECTION)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experts.profile import ProfileSection
from feedback.selectors import speaker_rating


def rating_section(*, expert, user) -> ProfileSection:
    """The expert's average rating as a speaker over feedback.selectors.RATING_WINDOW_MONTHS."""
    average, count = speaker_rating(expert=expert)
    return ProfileSection(
        key="ratings",
        label=_("Feedback as a speaker"),
        figure="" if average is None else str(average),
        count=count,
        summary=ngettext("%(n)s rating", "%(n)s ratings", count) % {"n": count},
        empty_text=_("No ratings yet."),
        side=True,
    )
