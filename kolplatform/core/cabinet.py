"""Summary cards on the KOL cabinet's home page.

The cabinet's home lives in contracts, below events and payments in the dependency order, so the
modules above it contribute their cards through kolplatform.core.hooks, from AppConfig.ready():

    hooks.contribute(hooks.CABINET_CARD, "events", events_card, order=20)
    # events_card(*, expert) -> CabinetCard | None

A provider returns None when it has nothing to show. Each provider runs a fixed number of queries.
"""

from dataclasses import dataclass, field

from kolplatform.core import hooks


@dataclass(frozen=True)
class CabinetLine:
    label: str
    detail: str = ""
    url: str = ""
    badge: str = ""  # status text shown as a badge
    badge_class: str = "text-bg-secondary"  # Bootstrap classes of the badge


@dataclass(frozen=True)
class CabinetCard:
    title: str
    url: str
    link_label: str
    lines: list[CabinetLine] = field(default_factory=list)
    empty_text: str = ""
    summary: str = ""


def cabinet_cards(*, expert) -> list[CabinetCard]:
    """The cards of every contributing module, in their order."""
    cards = []
    for provider in hooks.contributions(hooks.CABINET_CARD):
        card = provider(expert=expert)
        if card is not None:
            cards.append(card)
    return cards
