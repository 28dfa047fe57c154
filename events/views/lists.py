"""Event lists: all events with filters, my events, the month calendar, XLSX export, my tasks."""

import calendar
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from events.forms import EventFilterForm
from events.models import Task
from events.selectors import event_calendar_days, event_list
from events.views.common import require_staff
from kolplatform.core.downloads import set_content_disposition
from kolplatform.core.exports import xlsx_append
from kolplatform.core.pagination import CappedPaginator

PAGE_SIZE = 50


def _filtered(request, *, mine=False):
    require_staff(request.user)
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = event_list(user=request.user, filters=filters)
    if mine:
        qs = qs.filter(owner=request.user)
    return form, qs


@login_required
def event_list_view(request, mine=False):
    form, qs = _filtered(request, mine=mine)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


@login_required
def event_export(request):
    """The filtered list as XLSX (at most 10,000 rows)."""
    _form, qs = _filtered(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Events"))
    xlsx_append(
        ws,
        [
            _("Title"),
            _("Type"),
            _("Status"),
            _("Starts"),
            _("City"),
            _("Region"),
            _("Owner"),
            _("Planned participants"),
            _("Planned budget"),
            _("Approved budget"),
        ],
    )
    for e in qs[:10000]:
        xlsx_append(
            ws,
            [
                e.title,
                e.event_type.name,
                e.get_status_display(),
                timezone.localtime(e.starts_at).strftime("%d.%m.%Y %H:%M"),
                e.city,
                str(e.region or ""),
                str(e.owner),
                e.planned_participants,
                float(e.planned_total),
                float(e.approved_total or 0),
            ],
        )
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    set_content_disposition(response, "events.xlsx")
    wb.save(response)
    return response


def _calendar_cell(first: date, day: int, events) -> dict:
    """A day of the grid: its first events, how many more, and the list of all of them."""
    iso = first.replace(day=day).isoformat()
    return {
        "day": day,
        "events": events.events if events else [],
        "more": events.more if events else 0,
        "list_url": f"{reverse('events:list')}?{urlencode({'date_from': iso, 'date_to': iso})}",
    }


@login_required
def event_calendar(request):
    """A month grid of the events the user may see: a few a day, the rest behind a link to the
    list of that day."""
    require_staff(request.user)
    today = timezone.localdate()
    try:
        year, month = (
            int(request.GET.get("year", today.year)),
            int(request.GET.get("month", today.month)),
        )
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    days = event_calendar_days(user=request.user, first=first, last=last)
    weeks = [
        [_calendar_cell(first, d, days.get(d)) if d else None for d in week]
        for week in calendar.Calendar().monthdayscalendar(first.year, first.month)
    ]
    prev_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    return render(
        request,
        "events/calendar.html",
        {
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "weeks": weeks,
            "first": first,
            "prev": prev_month,
            "next": next_month,
            "today": today,
        },
    )


@login_required
def my_tasks(request):
    require_staff(request.user)
    tasks = (
        Task.objects.filter(assignee=request.user)
        .select_related("event")
        .order_by("status", "due_date")
    )
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/my_tasks.html", {"page": page, "today": timezone.localdate()})
