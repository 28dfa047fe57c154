"""Budget rules of events, each a pure function of plain values.

- Over-budget tolerance (DESIGN.md §5): the final or the actual total may exceed the approved total
  by at most the approval route's tolerance percent; beyond it the event goes to budget re-approval.
- Flags shown on the budget (configurable per rule: off / warn / block, see BudgetRuleSetting):
  cost per participant, catering per person, speaker-to-participant ratio, and no entertainment
  for medical workers (323-FZ art. 74: a company may not pay for leisure or entertainment of
  medical workers).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from kolplatform.core.money import money

COST_PER_PARTICIPANT = "cost_per_participant"
CATERING_PER_PERSON = "catering_per_person"
PARTICIPANTS_PER_SPEAKER = "participants_per_speaker"
NO_ENTERTAINMENT = "no_entertainment"

DEFAULTS = {
    COST_PER_PARTICIPANT: ("warn", Decimal("50000.00")),
    CATERING_PER_PERSON: ("block", Decimal("5000.00")),
    PARTICIPANTS_PER_SPEAKER: ("warn", Decimal("5")),
    NO_ENTERTAINMENT: ("block", None),
}

ENTERTAINMENT_WORDS = (
    "развлеч",
    "концерт",
    "экскурс",
    "шоу",
    "караоке",
    "банкет",
    "entertain",
    "concert",
    "excursion",
    "karaoke",
)


def tolerance_limit(approved_total: Decimal, tolerance_percent: Decimal) -> Decimal:
    """The largest total allowed without re-approval: approved x (1 + tolerance/100), in kopecks."""
    return money(Decimal(approved_total) * (1 + Decimal(tolerance_percent) / 100))


def exceeds_tolerance(
    *, approved_total: Decimal, current_total: Decimal, tolerance_percent: Decimal
) -> bool:
    """True when `current_total` (final or actual) is above the tolerance limit (at it is fine)."""
    return money(current_total) > tolerance_limit(approved_total, tolerance_percent)


def freeze_refuses(*, is_frozen: bool, stored_actual: Decimal | None, new_actual: Decimal) -> bool:
    """Spending freeze (DESIGN.md §5): while an event is in budget approval or re-approval there
    is no new spending. A new line (`stored_actual` None) or a raise of the stored actual of an
    existing line is refused; keeping or lowering it, and other edits, are allowed. The stored
    value must be the row as it is in the database, read under lock, never an instance a form
    has already changed."""
    if not is_frozen:
        return False
    if stored_actual is None:
        return True
    return money(new_actual) > money(stored_actual)


def looks_like_entertainment(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in ENTERTAINMENT_WORDS)


@dataclass(frozen=True)
class BudgetFacts:
    total: Decimal
    catering: Decimal
    participants: int
    speakers: int
    entertainment_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flag:
    code: str
    level: str  # "warn" or "block"
    message: str


def _check(code, facts: BudgetFacts, limit):
    if code == COST_PER_PARTICIPANT and facts.participants and limit is not None:
        per = money(facts.total / facts.participants)
        if per > limit:
            return _("Cost per participant %(per)s exceeds the limit %(limit)s.") % {
                "per": per,
                "limit": limit,
            }
    if code == CATERING_PER_PERSON and facts.participants and limit is not None:
        per = money(facts.catering / facts.participants)
        if per > limit:
            return _("Catering per person %(per)s exceeds the limit %(limit)s.") % {
                "per": per,
                "limit": limit,
            }
    if (
        code == PARTICIPANTS_PER_SPEAKER
        and facts.speakers
        and limit is not None
        and Decimal(facts.participants) < Decimal(facts.speakers) * limit
    ):
        return _(
            "%(speakers)s speakers for %(participants)s participants: fewer than "
            "%(limit)s participants per speaker."
        ) % {"speakers": facts.speakers, "participants": facts.participants, "limit": limit}
    if code == NO_ENTERTAINMENT and facts.entertainment_lines:
        return _("Entertainment of medical workers is forbidden (323-FZ art. 74): %(lines)s.") % {
            "lines": ", ".join(facts.entertainment_lines)
        }
    return None


def evaluate(facts: BudgetFacts, settings: dict[str, tuple[str, Decimal | None]]) -> list[Flag]:
    """The flags raised by `facts` under `settings` ({code: (mode, limit)}; mode off skips)."""
    flags = []
    for code, (mode, limit) in settings.items():
        if mode == "off":
            continue
        message = _check(code, facts, limit)
        if message:
            flags.append(Flag(code=code, level=mode, message=str(message)))
    return flags


def blocking(flags: Iterable[Flag]) -> list[Flag]:
    return [f for f in flags if f.level == "block"]
