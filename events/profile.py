"""The events sections of the expert profile (experts.profile, hooks.PROFILE_SECTION)."""

from django.utils.translation import gettext as _

from events.models import Participant, ProgramItem
from experts.profile import ProfileRow, ProfileSection

SHOWN = 10


def speaker_section(*, expert, user) -> ProfileSection:
    """The programme items the expert speaks at, latest first: one query."""
    items = ProgramItem.objects.filter(speaker=expert).order_by("-pk")[:SHOWN]
    return ProfileSection(
        key="program_items",
        label=_("Events as speaker"),
        rows=[ProfileRow(str(item)) for item in items],
    )


def participant_section(*, expert, user) -> ProfileSection:
    """The events the expert was invited to as a participant, latest first: one query."""
    rows = Participant.objects.filter(expert=expert).order_by("-pk")[:SHOWN]
    return ProfileSection(
        key="participations",
        label=_("Events as participant"),
        rows=[ProfileRow(str(p), p.get_status_display()) for p in rows],
    )
