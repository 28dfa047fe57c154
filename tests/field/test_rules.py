"""Pure rules of field work: attainment and pacing, capacity, segments, back-dating, points."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from field.attainment import Pacing, PacingThresholds, elapsed_share, pacing, remaining
from field.capacity import capacity, capacity_check, utilisation, working_days
from field.points import DistanceBand, PointsRow, distance_bonus, visit_points
from field.reporting import backdating_refusal, minutes_on_site
from field.segments import add_months, change_allowed, next_change_allowed, planned_visits

T = PacingThresholds(under=Decimal("0.10"), over=Decimal("0.10"))


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_remaining_never_negative(planned, made):
    left = remaining(planned, made)
    assert left >= 0
    assert left == (planned - made if made <= planned else 0)


def test_elapsed_share():
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    assert elapsed_share(start, end, date(2026, 2, 27)) == 0
    assert elapsed_share(start, end, start) == Decimal(1) / 31
    assert elapsed_share(start, end, end) == 1
    assert elapsed_share(start, end, date(2026, 5, 1)) == 1
    with pytest.raises(ValueError):
        elapsed_share(end, start, end)


@pytest.mark.parametrize(
    ("planned", "made", "elapsed", "expected"),
    [
        (10, 5, Decimal("0.5"), Pacing.ON),
        (10, 4, Decimal("0.5"), Pacing.ON),  # 0.40 is exactly the threshold: on
        (10, 3, Decimal("0.5"), Pacing.UNDER),
        (10, 6, Decimal("0.5"), Pacing.ON),
        (10, 7, Decimal("0.5"), Pacing.OVER),
        (10, 0, Decimal("0"), Pacing.ON),
        (0, 0, Decimal("0.5"), Pacing.ON),
        (0, 1, Decimal("0.5"), Pacing.OVER),
        (10, 12, Decimal("1"), Pacing.OVER),
    ],
)
def test_pacing(planned, made, elapsed, expected):
    assert pacing(planned=planned, made=made, elapsed=elapsed, thresholds=T) == expected


@given(st.integers(1, 200), st.integers(0, 200), st.decimals(0, 1, places=3))
def test_pacing_monotonic_in_made(planned, made, elapsed):
    order = [Pacing.UNDER, Pacing.ON, Pacing.OVER]
    now = pacing(planned=planned, made=made, elapsed=elapsed, thresholds=T)
    more = pacing(planned=planned, made=made + 1, elapsed=elapsed, thresholds=T)
    assert order.index(more) >= order.index(now)


def test_working_days_with_production_calendar():
    # March 2026: 22 weekdays, 9 March is a day off (8 March moved): 21 working days.
    march_off = {date(2026, 3, 9)}
    assert (
        working_days(
            date(2026, 3, 1), date(2026, 3, 31), days_off=march_off, working_weekends=set()
        )
        == 21
    )
    # A Saturday made working by decree counts; a day off on a weekend changes nothing.
    saturday = date(2026, 3, 7)
    assert (
        working_days(
            date(2026, 3, 2),
            date(2026, 3, 8),
            days_off={date(2026, 3, 8)},
            working_weekends={saturday},
        )
        == 6
    )
    assert (
        working_days(date(2026, 3, 2), date(2026, 3, 1), days_off=set(), working_weekends=set())
        == 0
    )


def test_capacity_and_utilisation():
    assert capacity(8, 21) == 168
    assert capacity(-1, 21) == 0
    assert utilisation(150, 168) == Decimal("0.89")
    assert utilisation(10, 0) is None
    check = capacity_check(
        planned=150, visits_per_day=8, days=21, low=Decimal("0.7"), high=Decimal("1.0")
    )
    assert check.lockable
    assert (
        capacity_check(
            planned=200, visits_per_day=8, days=21, low=Decimal("0.7"), high=Decimal("1.0")
        ).lockable
        is False
    )
    assert (
        capacity_check(
            planned=100, visits_per_day=8, days=21, low=Decimal("0.7"), high=Decimal("1.0")
        ).lockable
        is False
    )  # 0.60, under-planned
    assert (
        capacity_check(
            planned=0, visits_per_day=0, days=21, low=Decimal("0"), high=Decimal("1")
        ).lockable
        is False
    )


@given(st.integers(0, 500), st.integers(1, 20), st.integers(1, 70))
def test_utilisation_lock_boundaries(planned, per_day, days):
    check = capacity_check(
        planned=planned,
        visits_per_day=per_day,
        days=days,
        low=Decimal("0.70"),
        high=Decimal("1.00"),
    )
    assert check.lockable == (Decimal("0.70") <= check.utilisation <= Decimal("1.00"))


def test_six_month_rule_and_override():
    last = date(2026, 1, 31)
    assert next_change_allowed(last) == date(2026, 7, 31)
    assert next_change_allowed(None) is None
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert change_allowed(last_change=None, today=date(2026, 1, 1), override=False)
    assert not change_allowed(last_change=last, today=date(2026, 7, 30), override=False)
    assert change_allowed(last_change=last, today=date(2026, 7, 31), override=False)
    assert change_allowed(last_change=last, today=date(2026, 2, 1), override=True)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_six_months_is_at_least_181_days(day):
    allowed = next_change_allowed(day)
    assert 181 <= (allowed - day).days <= 184


def test_planned_visits():
    assert planned_visits(4, 3) == 12
    assert planned_visits(-1, 3) == 0


def test_backdating_limit():
    now = datetime(2026, 3, 10, 12, 0)
    assert backdating_refusal(at=now, now=now, limit_days=3) is None
    assert backdating_refusal(at=now - timedelta(days=3), now=now, limit_days=3) is None
    assert (
        backdating_refusal(at=now - timedelta(days=3, seconds=1), now=now, limit_days=3)
        == "too_old"
    )
    assert backdating_refusal(at=now + timedelta(minutes=4), now=now, limit_days=3) is None
    assert backdating_refusal(at=now + timedelta(minutes=6), now=now, limit_days=3) == "future"


def test_minutes_on_site():
    t = datetime(2026, 3, 10, 12, 0)
    assert minutes_on_site(t, t + timedelta(minutes=25, seconds=59)) == 25
    assert minutes_on_site(t, None) is None
    assert minutes_on_site(t + timedelta(minutes=1), t) is None


ROW = PointsRow(base=4, per_extra_doctor=1, cap=8)
BANDS = [DistanceBand(50, 2), DistanceBand(150, 5)]


def _points(**kwargs):
    args = {
        "row": ROW,
        "doctors_met": 1,
        "travel_km": 10.0,
        "bands": BANDS,
        "minutes": 30,
        "min_minutes": 10,
        "counts": True,
        **kwargs,
    }
    return visit_points(**args)


def test_points_table():
    assert _points() == 4
    assert _points(doctors_met=3) == 6
    assert _points(doctors_met=0) == 4
    assert _points(travel_km=50) == 6
    assert _points(travel_km=200, doctors_met=3) == 8  # 4 + 2 + 5 = 11, capped at 8
    assert _points(minutes=9) == 0
    assert _points(minutes=None) == 0
    assert _points(counts=False) == 0
    assert _points(row=None) == 0
    assert distance_bonus(None, BANDS) == 0
    assert distance_bonus(149.9, BANDS) == 2
    assert distance_bonus(10, []) == 0


@given(st.integers(0, 50), st.floats(0, 1000, allow_nan=False), st.integers(0, 600))
def test_points_within_cap(doctors, km, minutes):
    points = _points(doctors_met=doctors, travel_km=km, minutes=minutes)
    assert 0 <= points <= ROW.cap
