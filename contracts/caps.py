"""Caps at commitment time (compliance issue, item 2), as pure functions over plain values.

Rule: money is promised to an expert when a service order is placed (also a speaker's order on an
event's programme) and when an event with speaker fees goes to approval. At that moment every cap
that applies must still hold: `used + amount <= cap` for each limit line, where

* the contract cap: `used` = the contract's orders that are not cancelled (DESIGN.md §5);
* the annual cap of the expert's tier: `used` = paid in the calendar year (payments' one
  definition of paid in a year) + approved payouts still owed that year + the year's orders not
  cancelled and not yet covered by such a payout (payments.caps).

A commitment that breaks any line is refused naming the cap, what is used, what remains and the
amount. Approved cap exceptions belong to a payout (payments.CapException) and do not apply here:
docs/decisions/payments.md "Caps at commitment time".
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kolplatform.core.money import format_money, money

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CapLine:
    """One limit that a commitment must respect.

    `key` identifies the limit across contributions (`contract:<pk>`, `annual:<expert>:<year>`),
    `label` names it for people («Contract cap № К-2026-00002»). A line of one contract has its
    `contract_id` and limits what is committed under that contract; a line without one limits
    everything committed to the expert."""

    key: str
    label: str
    cap: Decimal
    used: Decimal
    contract_id: int | None = None

    @property
    def remaining(self) -> Decimal:
        """What may still be committed (never below zero)."""
        return max(money(self.cap) - money(self.used), ZERO)


def cap_refusal(line: CapLine, amount: Decimal) -> str | None:
    """Why committing `amount` more breaks `line` (used + amount > cap), or None."""
    cap, used, amount = money(line.cap), money(line.used), money(amount)
    if used + amount <= cap:
        return None
    return _(
        "%(label)s: %(amount)s cannot be committed; the cap is %(cap)s, %(used)s is already "
        "committed, %(remaining)s remains."
    ) % {
        "label": line.label,
        "amount": format_money(amount, currency="₽"),
        "cap": format_money(cap, currency="₽"),
        "used": format_money(used, currency="₽"),
        "remaining": format_money(line.remaining, currency="₽"),
    }


def commitment_refusal(lines: list[CapLine], amounts: dict[int, Decimal]) -> str | None:
    """Why committing `amounts` ({contract id: amount}) to one expert breaks any of `lines`
    (each reason, joined), or None. A contract's line takes the amount under that contract, an
    expert-wide line the sum of all."""
    total = sum((money(a) for a in amounts.values()), ZERO)
    reasons = []
    for line in lines:
        amount = amounts.get(line.contract_id, ZERO) if line.contract_id is not None else total
        reason = cap_refusal(line, amount)
        if reason is not None:
            reasons.append(reason)
    return " ".join(reasons) or None


def cap_line_text(line: CapLine) -> str:
    """What remains under `line`, for the order forms and the expert profile."""
    return _("%(label)s: %(remaining)s of %(cap)s remains (%(used)s committed)") % {
        "label": line.label,
        "remaining": format_money(line.remaining, currency="₽"),
        "cap": format_money(line.cap, currency="₽"),
        "used": format_money(line.used, currency="₽"),
    }
