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


# --- Escalation of an overdue notice ----------------------------------------------------------

DEFAULT_MANAGER_AFTER = 2
DEFAULT_COMPLIANCE_AFTER = 5

RU_FIXED_HOLIDAYS = frozenset(
    [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
)
"""Non-working public holidays of the Labour Code art. 112 (month, day). The yearly government
decree that moves days off (bridges, holidays falling on a weekend) is not modelled: those days
count as working days here, so an escalation may come one day early, never late."""

ESCALATION_NONE, ESCALATION_OWNER, ESCALATION_MANAGER, ESCALATION_COMPLIANCE = 0, 1, 2, 3


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday of art. 112."""
    return day.weekday() < 5 and (day.month, day.day) not in RU_FIXED_HOLIDAYS


def working_days_overdue(*, legal: date, today: date) -> int:
    """How many working days after the legal deadline have begun by `today` (the deadline day
    itself is not overdue)."""
    count = 0
    day = legal + timedelta(days=1)
    while day <= today:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def escalation_level(
    *,
    legal: date,
    today: date,
    submitted_on: date | None,
    manager_after: int = DEFAULT_MANAGER_AFTER,
    compliance_after: int = DEFAULT_COMPLIANCE_AFTER,
) -> int:
    """Who hears of an unsubmitted notice past its legal deadline (КоАП 19.7.8 fines a late one).

    0 — nobody (submitted, or not overdue yet); 1 — the owner, from the first overdue working
    day; 2 — also the owner's manager, once more than `manager_after` working days are overdue;
    3 — also compliance, once more than `compliance_after` working days are overdue.
    """
    if submitted_on is not None:
        return ESCALATION_NONE
    overdue = working_days_overdue(legal=legal, today=today)
    if overdue == 0:
        return ESCALATION_NONE
    if overdue > compliance_after:
        return ESCALATION_COMPLIANCE
    if overdue > manager_after:
        return ESCALATION_MANAGER
    return ESCALATION_OWNER
