"""Segmentation of experts (issue 18 §1): potential A/B/C x influence 1/2/3.

An expert's segment changes at most once every 6 months; an administrator may override the rule
with a reason (the override is audited). Planned visits per target come from the frequency of the
segment's cell, per month, times the months of the cycle."""

import calendar
from datetime import date

RESEGMENT_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 29th-31st fall back to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_change_allowed(last_change: date | None) -> date | None:
    """The first day a new segment may be set (None: any time, never segmented)."""
    if last_change is None:
        return None
    return add_months(last_change, RESEGMENT_MONTHS)


def change_allowed(*, last_change: date | None, today: date, override: bool) -> bool:
    """True when the segment may change today: never segmented, 6 months passed, or an
    administrator's override."""
    allowed_from = next_change_allowed(last_change)
    return override or allowed_from is None or today >= allowed_from


def planned_visits(per_month: int, cycle_months: int) -> int:
    """Planned visits to a target in a cycle of `cycle_months` months."""
    return max(per_month, 0) * max(cycle_months, 0)
