"""Sections of the expert profile supplied by the modules that own their data.

The profile lives in experts, the lowest business module, so it cannot read contracts, events,
payouts or feedback. Each of those modules contributes a provider to `hooks.PROFILE_SECTION` in its
AppConfig.ready():

    hooks.contribute(hooks.PROFILE_SECTION, "payouts", payouts_section, order=40)
    # payouts_section(*, expert, user) -> ProfileSection | None

A provider returns None when it has nothing to add (e.g. the user may not see it) and runs a fixed
number of queries. Sections with `side=True` are shown in the side column (the speaker rating).
"""

from dataclasses import dataclass, field

from kolplatform.core import hooks


@dataclass(frozen=True)
class ProfileRow:
    text: str
    status: str = ""  # shown as a badge
    indent: bool = False  # a row under the row before it (a contract's service orders)


@dataclass(frozen=True)
class ProfileSection:
    key: str
    label: str
    rows: list[ProfileRow] = field(default_factory=list)
    summary: str = ""  # shown in the header (e.g. the payouts of the year)
    figure: str = ""  # a headline value of a side card (the average rating)
    count: int | None = None  # how many values the figure stands for
    side: bool = False  # a card of the side column instead of the grid below
    empty_text: str = ""


def profile_sections(*, expert, user) -> list[ProfileSection]:
    """The sections of every contributing module, in their order."""
    sections = []
    for provider in hooks.contributions(hooks.PROFILE_SECTION):
        section = provider(expert=expert, user=user)
        if section is not None:
            sections.append(section)
    return sections
