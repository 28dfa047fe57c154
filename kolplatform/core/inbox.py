"""The approvals inbox also lists decisions that are not approval-route requests (an expert's
assessment, a master-data change request): each owning module contributes a provider to
`hooks.PENDING_DECISIONS` that returns the ones waiting for the user, oldest first, bounded."""

from dataclasses import dataclass, field
from datetime import datetime

from kolplatform.core import hooks

LIMIT = 20
"""Each kind shows at most this many; the group links to its full list."""


@dataclass(frozen=True)
class PendingDecision:
    title: str
    url: str
    since: datetime | None = None
    requested_by: str = ""


@dataclass(frozen=True)
class DecisionGroup:
    key: str
    label: str  # the kind of decision, e.g. "Expert assessments"
    items: list[PendingDecision] = field(default_factory=list)
    total: int = 0
    list_url: str = ""


def pending_decisions(*, user) -> list[DecisionGroup]:
    """The non-empty groups of every contributing module, in their order."""
    groups = []
    for provider in hooks.contributions(hooks.PENDING_DECISIONS):
        group = provider(user=user)
        if group is not None and group.total:
            groups.append(group)
    return groups
