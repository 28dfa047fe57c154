"""Summary cards on the KOL cabinet's home page.

The cabinet's home lives in contracts, below events and payments in the dependency order, so the
modules above it contribute their cards through this registry (as approval handlers do):

    register_cabinet_card(order=20, provider=events_card)   # provider(*, expert) -> CabinetCard

A provider returns None when it has nothing to show. Each provider runs a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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


_PROVIDERS: dict[str, tuple[int, Callable]] = {}


def register_cabinet_card(name: str, *, order: int, provider: Callable) -> None:
    """Register `provider(*, expert) -> CabinetCard | None` under a unique `name`."""
    _PROVIDERS[name] = (order, provider)


def cabinet_cards(*, expert) -> list[CabinetCard]:
    """The cards of every registered module, in their order."""
    cards = []
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda item: item[0]):
        card = provider(expert=expert)
        if card is not None:
            cards.append(card)
    return cards
