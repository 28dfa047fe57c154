from datetime import date

import pytest

from events.deadlines import internal_target, legal_deadline, notice_is_late, reminder_kind


@pytest.mark.parametrize(
    ("event_day", "expected"),
    [
        (date(2026, 12, 31), date(2026, 10, 31)),
        (date(2027, 3, 31), date(2027, 1, 31)),
        (date(2027, 4, 30), date(2027, 2, 28)),
        (date(2028, 4, 30), date(2028, 2, 29)),  # leap year
        (date(2028, 4, 29), date(2028, 2, 29)),
        (date(2027, 3, 1), date(2027, 1, 1)),
        (date(2027, 1, 15), date(2026, 11, 15)),  # across the year
        (date(2027, 2, 28), date(2026, 12, 28)),
        (date(2026, 12, 1), date(2026, 10, 1)),
    ],
)
def test_legal_deadline_is_two_calendar_months_before(event_day, expected):
    assert legal_deadline(event_day) == expected


def test_legal_deadline_with_other_term():
    assert legal_deadline(date(2027, 5, 31), months=3) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("legal", "margin", "expected"),
    [
        (date(2026, 10, 31), 7, date(2026, 10, 24)),
        (date(2027, 1, 1), 7, date(2026, 12, 25)),
        (date(2027, 3, 5), 10, date(2027, 2, 23)),
        (date(2027, 3, 5), 0, date(2027, 3, 5)),
    ],
)
def test_internal_target_is_legal_minus_margin(legal, margin, expected):
    assert internal_target(legal, margin_days=margin) == expected


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2026, 10, 10), "remind-14"),
        (date(2026, 10, 17), "remind-7"),
        (date(2026, 10, 21), "remind-3"),
        (date(2026, 10, 23), "remind-1"),
        (date(2026, 10, 24), "escalate-target"),
        (date(2026, 10, 31), "escalate-legal"),
        (date(2026, 10, 22), ""),
        (date(2026, 10, 25), ""),
        (date(2026, 9, 1), ""),
    ],
)
def test_reminder_schedule(today, kind):
    target, legal = date(2026, 10, 24), date(2026, 10, 31)
    assert reminder_kind(today=today, target=target, legal=legal) == kind


@pytest.mark.parametrize(
    ("today", "submitted_on", "late"),
    [
        (date(2026, 10, 31), None, False),
        (date(2026, 11, 1), None, True),
        (date(2026, 11, 5), date(2026, 10, 30), False),
        (date(2026, 11, 5), date(2026, 10, 31), False),
        (date(2026, 11, 5), date(2026, 11, 1), True),
    ],
)
def test_notice_is_late(today, submitted_on, late):
    assert notice_is_late(today=today, legal=date(2026, 10, 31), submitted_on=submitted_on) is late
