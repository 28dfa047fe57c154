"""Field capacity of a cycle and the check before a plan is locked (issue 18 §3).

capacity = visits per day x working days in the cycle; working days are Monday to Friday, less
the public holidays and days off of the Russian production calendar, plus the weekend days made
working by decree (both kept as data: field.CalendarDay). utilisation = planned visits / capacity.
A plan is locked only when its utilisation lies within [min, max] of the policy: below, the rep
is under-planned; above, the plan cannot be done."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


def working_days(
    start: date, end: date, *, days_off: Collection[date], working_weekends: Collection[date]
) -> int:
    """Working days in [start, end]: weekdays not in `days_off`, and weekend days in
    `working_weekends`."""
    count = 0
    day = start
    while day <= end:
        weekday = day.weekday() < 5
        if (weekday and day not in days_off) or (not weekday and day in working_weekends):
            count += 1
        day += timedelta(days=1)
    return count


def capacity(visits_per_day: int, days: int) -> int:
    """Visits the rep can make in `days` working days."""
    return max(visits_per_day, 0) * max(days, 0)


def utilisation(planned: int, cap: int) -> Decimal | None:
    """planned / capacity to two decimals; None when there is no capacity at all."""
    if cap <= 0:
        return None
    return (Decimal(planned) / Decimal(cap)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CapacityCheck:
    working_days: int
    capacity: int
    planned: int
    utilisation: Decimal | None
    low: Decimal
    high: Decimal

    @property
    def lockable(self) -> bool:
        """Within the thresholds (a plan without capacity is never lockable)."""
        return self.utilisation is not None and self.low <= self.utilisation <= self.high


def capacity_check(
    *, planned: int, visits_per_day: int, days: int, low: Decimal, high: Decimal
) -> CapacityCheck:
    cap = capacity(visits_per_day, days)
    return CapacityCheck(days, cap, planned, utilisation(planned, cap), low, high)
