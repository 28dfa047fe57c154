"""Attainment of a cycle plan (issue 18 §2): planned, made, remaining and pacing.

remaining = max(planned - made, 0). Pacing compares the share of the plan made with the share of
the cycle elapsed: `under` when made/planned falls short of the elapsed share by more than the
`under` threshold, `over` when it exceeds it by more than the `over` threshold, otherwise `on`."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class Pacing:
    UNDER = "under"
    ON = "on"
    OVER = "over"


def remaining(planned: int, made: int) -> int:
    """Visits still to make: never negative (extra visits do not owe the future)."""
    return max(planned - made, 0)


def elapsed_share(start: date, end: date, today: date) -> Decimal:
    """The share of the cycle [start, end] (both days counted) elapsed by the end of `today`,
    between 0 and 1."""
    if end < start:
        raise ValueError("the cycle ends before it starts")
    total = (end - start).days + 1
    done = (min(today, end) - start).days + 1
    return Decimal(max(done, 0)) / Decimal(total)


@dataclass(frozen=True)
class PacingThresholds:
    under: Decimal = Decimal("0.10")  # behind by more than 10 points of the cycle: under
    over: Decimal = Decimal("0.10")


def pacing(*, planned: int, made: int, elapsed: Decimal, thresholds: PacingThresholds) -> str:
    """under / on / over: the share of the plan made against the share of the cycle elapsed.
    A plan of 0 visits is `on` until a visit is made, then `over`."""
    if planned <= 0:
        return Pacing.OVER if made > 0 else Pacing.ON
    done = Decimal(made) / Decimal(planned)
    if done < elapsed - thresholds.under:
        return Pacing.UNDER
    if done > elapsed + thresholds.over:
        return Pacing.OVER
    return Pacing.ON
