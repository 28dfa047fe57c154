"""The compliance calendar: regulator notices due, submitted and late, by event date."""

from datetime import date

from events import deadlines
from events.models import Event, RegulatorNotice
from events.notices import notice_dates

CALENDAR_ROWS = 300  # events from the first of this month on
CALENDAR_EARLIER_OPEN = 100  # earlier events still owing their notice (the most overdue first)


def compliance_calendar(*, today: date):
    """Notices due (not submitted), submitted and late, by event date; overdue ones (past the
    legal deadline, not submitted, event neither closed nor cancelled — from any month) first,
    the most overdue on top, with their working days overdue."""
    base = (
        Event.objects.filter(event_type__requires_regulator_notice=True)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("owner", "event_type")
    )
    month_start = today.replace(day=1)
    # Two bounded reads, so that old open notices cannot push this month's out of the page.
    earlier_open = (
        base.filter(starts_at__date__lt=month_start)
        .exclude(status=Event.Status.CLOSED)
        .exclude(notices__status=RegulatorNotice.Status.SUBMITTED)
        .order_by("starts_at")[:CALENDAR_EARLIER_OPEN]
    )
    window = base.filter(starts_at__date__gte=month_start).order_by("starts_at")[:CALENDAR_ROWS]
    events = [*earlier_open, *window]
    submitted = {
        n.event_id: n
        for n in RegulatorNotice.objects.filter(
            event__in=[e.pk for e in events], status=RegulatorNotice.Status.SUBMITTED
        )
    }
    rows = []
    for event in events:
        legal, target, _authority = notice_dates(event)
        notice = submitted.get(event.pk)
        overdue_days = 0
        if notice:
            state = "late" if notice.submitted_on > legal else "submitted"
        elif today > legal:
            state = "late" if event.status == Event.Status.CLOSED else "overdue"
            overdue_days = deadlines.working_days_overdue(legal=legal, today=today)
        else:
            state = "due" if today >= target else "upcoming"
        rows.append(
            {
                "event": event,
                "legal": legal,
                "target": target,
                "notice": notice,
                "state": state,
                "overdue_days": overdue_days,
            }
        )
    rows.sort(key=lambda r: (r["state"] != "overdue", -r["overdue_days"]))
    return rows
