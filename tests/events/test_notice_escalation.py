"""An overdue regulator notice escalates every working day — owner, then the manager, then
compliance — until it is submitted or the event cancelled; the calendar puts it first."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import deadlines, notices
from events.models import Event, NoticeRule
from kolplatform.core.models import Notification
from kolplatform.core.roles import Role
from tests.events.conftest import set_status
from tests.factories.events import EventFactory

MSK = ZoneInfo("Europe/Moscow")
SAT_DEADLINE = date(2026, 10, 31)  # legal deadline of an event on 31.12.2026 (a Saturday)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2026, 10, 31), 0),  # the deadline day itself
        (date(2026, 11, 1), 0),  # Sunday
        (date(2026, 11, 2), 1),  # Monday
        (date(2026, 11, 3), 2),
        (date(2026, 11, 4), 2),  # National Unity Day
        (date(2026, 11, 5), 3),
        (date(2026, 11, 9), 5),  # after a weekend
        (date(2026, 11, 10), 6),
    ],
)
def test_working_days_overdue(today, overdue):
    assert deadlines.working_days_overdue(legal=SAT_DEADLINE, today=today) == overdue


@pytest.mark.parametrize(
    ("today", "submitted_on", "level"),
    [
        (date(2026, 10, 30), None, deadlines.ESCALATION_NONE),
        (date(2026, 11, 1), None, deadlines.ESCALATION_NONE),  # Sunday: nothing overdue yet
        (date(2026, 11, 2), None, deadlines.ESCALATION_OWNER),
        (date(2026, 11, 3), None, deadlines.ESCALATION_OWNER),  # 2 days: not above 2
        (date(2026, 11, 5), None, deadlines.ESCALATION_MANAGER),
        (date(2026, 11, 9), None, deadlines.ESCALATION_MANAGER),  # 5 days: not above 5
        (date(2026, 11, 10), None, deadlines.ESCALATION_COMPLIANCE),
        (date(2027, 3, 1), None, deadlines.ESCALATION_COMPLIANCE),
        (date(2026, 11, 10), date(2026, 11, 6), deadlines.ESCALATION_NONE),  # submitted late
    ],
)
def test_escalation_level(today, submitted_on, level):
    assert (
        deadlines.escalation_level(
            legal=SAT_DEADLINE,
            today=today,
            submitted_on=submitted_on,
            manager_after=2,
            compliance_after=5,
        )
        == level
    )


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 1, 5), False),  # New Year holidays
        (date(2027, 1, 11), True),
        (date(2027, 2, 23), False),
        (date(2027, 3, 8), False),
        (date(2027, 5, 1), False),
        (date(2027, 6, 11), True),
        (date(2027, 6, 12), False),
        (date(2027, 7, 3), False),  # Saturday
    ],
)
def test_is_working_day(day, working):
    assert deadlines.is_working_day(day) is working


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
# the machine is shared: a slow draw is the load, not the strategy
shared_machine = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@shared_machine
@given(legal=days, span=st.integers(min_value=0, max_value=60))
def test_overdue_counts_exactly_the_working_days_after_the_deadline(legal, span):
    today = legal + timedelta(days=span)
    expected = sum(
        1
        for n in range(1, span + 1)
        if (d := legal + timedelta(days=n)).weekday() < 5
        and (d.month, d.day) not in deadlines.RU_FIXED_HOLIDAYS
    )
    assert deadlines.working_days_overdue(legal=legal, today=today) == expected
    assert expected <= span - 2 * (span // 7)  # a full week has at least two days off


@shared_machine
@given(
    legal=days,
    span=st.integers(min_value=0, max_value=40),
    manager_after=st.integers(min_value=0, max_value=10),
    extra=st.integers(min_value=0, max_value=10),
)
def test_escalation_never_falls_back_while_unsubmitted(legal, span, manager_after, extra):
    def level(today):
        return deadlines.escalation_level(
            legal=legal,
            today=today,
            submitted_on=None,
            manager_after=manager_after,
            compliance_after=manager_after + extra,
        )

    today = legal + timedelta(days=span)
    assert level(today) <= level(today + timedelta(days=1))
    if not any(deadlines.is_working_day(today - timedelta(days=n)) for n in range(span)):
        assert level(today) == deadlines.ESCALATION_NONE


# --- The daily job ----------------------------------------------------------------------------


@pytest.fixture
def overdue_event(db, field_staff, school_type):
    """Owned by field staff; the deadline 31.10.2026 has passed by November."""
    return EventFactory(
        owner=field_staff,
        event_type=school_type,
        starts_at=datetime(2026, 12, 31, 10, tzinfo=MSK),
        ends_at=datetime(2026, 12, 31, 14, tzinfo=MSK),
    )


@pytest.fixture
def manager(make_user, overdue_event):
    """A marketing manager of the event's region: the owner's manager for escalations."""
    user = make_user(Role.MARKETING_MANAGER, username="region-manager")
    user.regions.add(overdue_event.region)
    return user


def recipients_on(day):
    return set(
        Notification.objects.filter(
            dedup_key__contains=":overdue:", dedup_key__endswith=day.isoformat()
        ).values_list("recipient__username", flat=True)
    )


@pytest.mark.django_db
def test_day_one_owner_day_three_manager_day_six_compliance_once_a_day(
    overdue_event, field_staff, manager, marketing_manager, compliance, admin_user
):
    NoticeRule.objects.update(escalation_user=admin_user)
    assert notices.notice_escalations_run(today=date(2026, 10, 31)) == 0  # deadline day
    assert notices.notice_escalations_run(today=date(2026, 11, 1)) == 0  # Sunday

    assert notices.notice_escalations_run(today=date(2026, 11, 2)) == 1
    assert recipients_on(date(2026, 11, 2)) == {"field"}
    assert notices.notice_escalations_run(today=date(2026, 11, 2)) == 0  # run twice: once

    assert notices.notice_escalations_run(today=date(2026, 11, 4)) == 0  # a holiday
    assert notices.notice_escalations_run(today=date(2026, 11, 5)) == 2
    assert recipients_on(date(2026, 11, 5)) == {"field", "region-manager"}

    assert notices.notice_escalations_run(today=date(2026, 11, 10)) == 4
    assert recipients_on(date(2026, 11, 10)) == {
        "field",
        "region-manager",
        "compliance",
        admin_user.username,
    }
    assert notices.notice_escalations_run(today=date(2026, 11, 10)) == 0
    assert "manager" not in recipients_on(date(2026, 11, 10))  # covers another region


@pytest.mark.django_db
def test_thresholds_come_from_the_notice_rule(overdue_event, manager, compliance):
    NoticeRule.objects.update(escalate_manager_after=0, escalate_compliance_after=1)
    assert notices.notice_escalations_run(today=date(2026, 11, 2)) == 2
    assert notices.notice_escalations_run(today=date(2026, 11, 3)) == 3


@pytest.mark.django_db
def test_without_a_manager_compliance_hears_at_the_manager_level(overdue_event, compliance):
    notices.notice_escalations_run(today=date(2026, 11, 5))
    assert recipients_on(date(2026, 11, 5)) == {"field", "compliance"}


@pytest.mark.django_db
def test_escalation_stops_once_submitted_or_cancelled(overdue_event, manager, compliance):
    notice = notices.notice_generate(event=overdue_event, actor=compliance)
    notices.notice_submit(
        notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference="1"
    )
    assert notices.notice_escalations_run(today=date(2026, 11, 10)) == 0
    other = EventFactory(
        owner=overdue_event.owner,
        event_type=overdue_event.event_type,
        starts_at=overdue_event.starts_at,
        ends_at=overdue_event.ends_at,
    )
    set_status(other, Event.Status.CANCELLED)
    assert notices.notice_escalations_run(today=date(2026, 11, 10)) == 0


@pytest.mark.django_db
def test_daily_task_runs_the_escalation(overdue_event):
    from events.tasks import events_daily

    assert "overdue_notices" in events_daily()


# --- The compliance calendar ------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_puts_overdue_notices_first_with_working_days_overdue(
    client, compliance, field_staff, school_type
):
    now = timezone.localtime()
    upcoming = EventFactory(
        title="Школа через полгода",
        owner=field_staff,
        event_type=school_type,
        starts_at=now + timedelta(days=180),
    )
    overdue = EventFactory(
        title="Школа без уведомления",
        owner=field_staff,
        event_type=school_type,
        starts_at=now + timedelta(days=20),
    )
    past = EventFactory(
        title="Прошлая школа без уведомления",
        owner=field_staff,
        event_type=school_type,
        starts_at=now - timedelta(days=70),
        ends_at=now - timedelta(days=70) + timedelta(hours=4),
    )
    set_status(past, Event.Status.HELD)
    client.force_login(compliance)
    page = client.get(reverse("events:compliance_calendar")).content.decode()
    first_rows = page.index('data-testid="notice-row-overdue"')
    assert first_rows < page.index('data-testid="notice-row-upcoming"')
    assert page.index(past.title) < page.index(overdue.title) < page.index(upcoming.title)
    legal, _target, _a = notices.notice_dates(overdue)
    days = deadlines.working_days_overdue(legal=legal, today=timezone.localdate())
    assert f"working days: {days}" in page
    assert page.count("Overdue</span>") == 2


@pytest.mark.django_db
def test_old_open_notices_cannot_push_this_months_events_off_the_calendar(
    client, compliance, field_staff, school_type, monkeypatch
):
    """The page is bounded (CALENDAR_EARLIER_OPEN earlier open events, CALENDAR_ROWS from this
    month on); the earlier ones are read apart, so a backlog never hides the current events."""
    from events import compliance_calendar

    monkeypatch.setattr(compliance_calendar, "CALENDAR_EARLIER_OPEN", 2)
    monkeypatch.setattr(compliance_calendar, "CALENDAR_ROWS", 2)
    now = timezone.localtime()
    for days in (400, 300, 200):
        old = EventFactory(
            title=f"Старая школа {days}",
            owner=field_staff,
            event_type=school_type,
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days) + timedelta(hours=4),
        )
        set_status(old, Event.Status.HELD)
    coming = EventFactory(
        title="Школа в следующем месяце",
        owner=field_staff,
        event_type=school_type,
        starts_at=now + timedelta(days=40),
    )
    client.force_login(compliance)
    page = client.get(reverse("events:compliance_calendar")).content.decode()
    assert coming.title in page
    assert "Старая школа 400" in page and "Старая школа 300" in page
    assert "Старая школа 200" not in page  # beyond the bound of earlier open events
