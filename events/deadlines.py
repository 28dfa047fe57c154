"""Regulator notice deadlines (61-FZ art. 67.2; Roszdravnadzor letter 16I-1595/13).

An organiser of an event for medical or pharmaceutical workers notifies Roszdravnadzor no later
than two months before the event day. The legal deadline is the event date minus the configured
number of calendar months; when the resulting month is shorter than the event's day, it is that
month's last day (31 Dec -> 31 Oct; 30 Apr -> 28/29 Feb). The internal target is the legal deadline
minus a safety margin (default 7 days). Reminders go out at configured offsets before the target
(default 14, 7, 3 and 1 days); escalations at the target and at the legal deadline. Late or false
notice is fined under КоАП 19.7.8.
"""

import calendar
from datetime import date, timedelta

DEFAULT_MONTHS = 2
DEFAULT_MARGIN_DAYS = 7
DEFAULT_OFFSETS = (14, 7, 3, 1)


def months_before(day: date, months: int) -> date:
    """`day` minus `months` calendar months, clamped to the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def legal_deadline(event_date: date, *, months: int = DEFAULT_MONTHS) -> date:
    """The last day the notice may be submitted: the event date minus `months` calendar months."""
    return months_before(event_date, months)


def internal_target(legal: date, *, margin_days: int = DEFAULT_MARGIN_DAYS) -> date:
    """The date the company aims to submit by: the legal deadline minus the safety margin."""
    return legal - timedelta(days=margin_days)


def reminder_kind(*, today: date, target: date, legal: date, offsets=DEFAULT_OFFSETS) -> str:
    """What the daily job sends today for an unsubmitted notice.

    "remind-N" N days before the target (N in offsets); "escalate-target" on the target date;
    "escalate-legal" on the legal deadline; "" otherwise.
    """
    if today == legal:
        return "escalate-legal"
    if today == target:
        return "escalate-target"
    days = (target - today).days
    if days in set(offsets):
        return f"remind-{days}"
    return ""


def notice_is_late(*, today: date, legal: date, submitted_on: date | None) -> bool:
    """Late: not submitted by the legal deadline, or submitted after it."""
    if submitted_on is not None:
        return submitted_on > legal
    return today > legal
