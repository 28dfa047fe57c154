"""Reads of events for views, exports and the cabinet."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract
from events.closing import closing_blocking_reasons
from events.models import (
    BudgetCategory,
    BudgetLine,
    Event,
    EventChange,
    Participant,
    ProgramItem,
    Task,
    VendorRequest,
)
from events.notices import notice_blocking_reason, notice_closing_reason, notice_facts
from events.services.budget import budget_flags
from experts.models import Expert, normalize_name
from kolplatform.core.approvals import approval_history, user_can_decide
from kolplatform.core.documents import documents_of
from kolplatform.core.models import ApprovalRequest


def _planned_total():
    lines = (
        BudgetLine.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(s=Sum("planned"))
        .values("s")
    )
    return Coalesce(
        Subquery(lines, output_field=DecimalField()),
        Value(Decimal("0")),
        output_field=DecimalField(),
    )


def _owner_ids(surname_start: str) -> list[int]:
    """The staff whose surname starts so, read first (one small query): with their ids as values
    PostgreSQL estimates the share of events and walks the list index instead of joining users
    and sorting hundreds of thousands of rows."""
    users = get_user_model().objects.filter(last_name__istartswith=surname_start)
    return list(users.values_list("pk", flat=True))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def event_list(*, user, filters: dict | None = None):
    """The events `user` may see, filtered; totals computed for the shown rows only."""
    return (
        _events_filtered(user=user, filters=filters)
        .select_related("event_type", "owner", "region")
        .annotate(planned_total=_planned_total())
    )


def _events_filtered(*, user, filters: dict | None = None):
    """The events `user` may see, filtered, as bare rows."""
    qs = Event.objects.all()
    if not user.has_perm("events.view_all_events"):
        # The team as a subquery, not a join: no DISTINCT over the list, its index keeps the order.
        team = Event.team.through.objects.filter(user=user).values("event_id")
        qs = qs.filter(Q(owner=user) | Q(pk__in=team))
    filters = filters or {}
    # Days as bounds of the indexed column in the current time zone (starts_at__date would cast
    # every row, and the list and calendar indexes would not serve the range).
    if filters.get("date_from"):
        qs = qs.filter(starts_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(starts_at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    if filters.get("owner"):
        qs = qs.filter(owner_id__in=_owner_ids(filters["owner"]))
    for key, field in (("event_type", "event_type"), ("status", "status"), ("region", "region")):
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    if filters.get("product"):
        qs = qs.filter(products=filters["product"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(city__icontains=filters["q"]))
    return qs


CALENDAR_PER_DAY = 4


@dataclass
class CalendarDay:
    events: list  # the first CALENDAR_PER_DAY events of the day, by time
    total: int  # all the events of the day the user may see

    @property
    def more(self) -> int:
        return self.total - len(self.events)


def event_calendar_days(*, user, first: date, last: date) -> dict[int, CalendarDay]:
    """{day of the month: CalendarDay} for the days from `first` to `last` (one month) that have
    events `user` may see.

    A thousand events a day at the target scale: each day reads its first events and counts the
    others from the list index within the day's bounds (no time zone arithmetic per row, no sort
    of the month). On PostgreSQL one query (the days as a lateral join), elsewhere a query a
    day; then one query for the events shown."""
    visible = _events_filtered(user=user)
    days = [first.replace(day=n) for n in range(first.day, last.day + 1)]
    bounds = [(d.day, _day_start(d), _day_start(d + timedelta(days=1))) for d in days]
    if connection.vendor == "postgresql":
        rows = _calendar_rows_lateral(visible, bounds)
    else:
        rows = [
            row for n, start, end in bounds for row in _calendar_rows_of_day(visible, n, start, end)
        ]
    events = Event.objects.only("pk", "title", "starts_at").in_bulk([pk for _n, pk, _t in rows])
    cells: dict[int, CalendarDay] = {}
    for number, pk, total in rows:
        cells.setdefault(number, CalendarDay(events=[], total=total)).events.append(events[pk])
    for cell in cells.values():
        cell.events.sort(key=lambda e: (e.starts_at, e.pk))
    return cells


def _calendar_rows_of_day(visible, number, start, end):
    """(day, event id, events of the day) of the first events of a day."""
    of_day = visible.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    total = of_day.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
    rows = of_day.annotate(number=Value(number), total=Subquery(total))
    return rows.values_list("number", "pk", "total")[:CALENDAR_PER_DAY]


def _calendar_rows_lateral(visible, bounds):
    """_calendar_rows_of_day of every day in one statement: the days (number, start, end) as
    arrays, each joined laterally to its count and its first events; the user's visibility as
    a subquery of ids when it restricts."""
    visibility, params = "", []
    if visible.query.where:
        ids_sql, params = visible.order_by().values("pk").query.sql_with_params()
        visibility = f" AND e.id IN ({ids_sql})"
    numbers, starts, ends = (list(column) for column in zip(*bounds, strict=True))
    sql = (
        "SELECT d.n, f.id, t.total FROM unnest(%s::int[], %s::timestamptz[], %s::timestamptz[])"
        " AS d(n, lo, hi)"
        " CROSS JOIN LATERAL (SELECT count(*) AS total FROM events_event e"
        f"  WHERE e.starts_at >= d.lo AND e.starts_at < d.hi{visibility}) t"
        " CROSS JOIN LATERAL (SELECT e.id FROM events_event e"
        f"  WHERE e.starts_at >= d.lo AND e.starts_at < d.hi{visibility}"
        "  ORDER BY e.starts_at, e.id LIMIT %s) f"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [numbers, starts, ends, *params, *params, CALENDAR_PER_DAY])
        return cursor.fetchall()


def event_get_for_user(*, user, pk: int, perm: str = "events.view_event") -> Event:
    """The event, or 404 / 403."""
    event = get_object_or_404(
        Event.objects.select_related(
            "event_type",
            "owner",
            "region",
            "therapeutic_area",
            "notice_override_by",
            "notice_close_override_by",
        ),
        pk=pk,
    )
    if not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def task_get_for_user(*, user, event_pk: int, pk: int) -> Task:
    """A task of the event, or 404; 403 unless the user is its assignee or may edit the event."""
    task = get_object_or_404(Task.objects.select_related("event"), pk=pk, event_id=event_pk)
    if task.assignee_id != user.pk and not user.has_perm("events.change_event", task.event):
        raise PermissionDenied
    return task


def budget_by_category(lines) -> tuple[list[dict], dict]:
    """Rows per category with planned/final/actual sums, and the event totals."""
    sums = defaultdict(
        lambda: {"planned": Decimal("0"), "final": Decimal("0"), "actual": Decimal("0")}
    )
    totals = {"planned": Decimal("0"), "final": Decimal("0"), "actual": Decimal("0")}
    for line in lines:
        for key in totals:
            sums[line.category][key] += getattr(line, key)
            totals[key] += getattr(line, key)
    labels = dict(BudgetCategory.choices)
    rows = [{"category": labels.get(c, c), **v} for c, v in sums.items()]
    return rows, totals


def event_next_step(event: Event) -> str:
    S = Event.Status
    return {
        S.DRAFT: _("Fill in the programme and the budget, then send for approval."),
        S.BUDGET_APPROVAL: _("Waiting for the approvers' decision."),
        S.APPROVED: _("Organise the logistics; after the event mark it held."),
        S.BUDGET_REAPPROVAL: _(
            "The budget exceeds the approved total: waiting for re-approval. "
            "No new spending until then."
        ),
        S.HELD: _("Start closing: upload the checklist documents."),
        S.CLOSING: _(
            "Upload every required document; compliance reviews them; speakers' acts "
            "must be signed."
        ),
        S.CLOSED: _("Closed."),
        S.CANCELLED: _("Cancelled."),
    }[event.status]


def event_page(*, event: Event, user) -> dict:
    """Everything shown on the event page, with a fixed number of queries."""
    lines = list(event.budget_lines.select_related("service_order").order_by("category", "id"))
    rows, totals = budget_by_category(lines)
    history = list(approval_history(target=event)[:20])
    labels = {
        "approval": _("Approval"),
        "budget_reapproval": _("Budget re-approval"),
        "change": _("Change approval"),
    }
    for request in history:
        request.purpose_label = labels.get(request.purpose, request.purpose)
    pending = next((r for r in history if r.status == ApprovalRequest.Status.PENDING), None)
    programme = list(event.program_items.select_related("speaker", "service_order"))
    notices = list(event.notices.select_related("document", "evidence"))
    checklist = list(event.checklist_items.select_related("document"))
    facts = notice_facts(event, notices=notices)
    closing = event.status == Event.Status.CLOSING
    return {
        "event": event,
        "next_step": event_next_step(event),
        "programme": programme,
        "participants": list(event.participants.select_related("expert")[:200]),
        "participants_count": event.participants.count(),
        "budget_lines": lines,
        "budget_rows": rows,
        "budget_totals": totals,
        "budget_flags": budget_flags(event) if event.status == Event.Status.DRAFT else [],
        "approvals": history,
        "pending_request": pending,
        "can_decide": pending is not None and user_can_decide(request=pending, user=user),
        "tasks": list(event.tasks.select_related("assignee")),
        "vendor_requests": list(
            event.vendor_requests.select_related("vendor", "budget_line", "speaker", "traveller")
        ),
        "notices": notices,
        "notice_legal": facts.legal,
        "notice_target": facts.target,
        "notice_authority": facts.authority,
        "notice_block": notice_blocking_reason(event, facts=facts),
        "notice_close_block": notice_closing_reason(event, facts=facts) if closing else "",
        "checklist": checklist,
        "closing_reasons": closing_blocking_reasons(
            event, checklist=checklist, programme=programme, facts=facts
        )
        if closing
        else [],
        "documents": list(documents_of(event)[:100]),
        "changes": list(event.changes.filter(status=EventChange.Status.PENDING)),
        "products": list(event.products.all()),
        "can_edit": user.has_perm("events.change_event", event),
        "can_review": user.has_perm("events.review_closing", event),
        "can_notice": user.has_perm("events.manage_notice", event),
        "can_pay_vendors": user.has_perm("events.record_vendor_payment", event),
    }


def expert_event_ids(*, expert) -> list[int]:
    """Ids of the events where the expert speaks or takes part: a UNION of two reads on the
    indexed expert columns, so only the KOL's own rows are read (a DISTINCT over two outer joins
    with an OR reads every event in the period)."""
    speaking = ProgramItem.objects.filter(speaker=expert).order_by().values_list("event_id")
    taking_part = Participant.objects.filter(expert=expert).order_by().values_list("event_id")
    return [event_id for (event_id,) in speaking.union(taking_part)]


def expert_events(*, expert):
    """The expert's events (as speaker or participant), cancelled ones left out."""
    return Event.objects.filter(pk__in=expert_event_ids(expert=expert)).exclude(
        status=Event.Status.CANCELLED
    )


def cabinet_events(*, expert, limit: int = 50):
    """The KOL's own events (as speaker or participant) with programme and own logistics, in a
    constant number of queries however many events there are."""
    events = list(
        expert_events(expert=expert)
        .select_related("event_type")
        .prefetch_related(
            Prefetch(
                "program_items",
                queryset=ProgramItem.objects.select_related("speaker"),
                to_attr="programme",
            )
        )
        .order_by("-starts_at")[:limit]
    )
    logistics = defaultdict(list)
    for request in VendorRequest.objects.filter(
        Q(speaker=expert) | Q(traveller__expert=expert),
        event__in=events,
        status__in=[VendorRequest.Status.CONFIRMED, VendorRequest.Status.DONE],
    ).select_related("vendor"):
        logistics[request.event_id].append(request)
    return [{"event": e, "programme": e.programme, "logistics": logistics[e.pk]} for e in events]


EXPERT_MATCHES = 20


def speaker_candidates(*, event: Event):
    """Experts with an active contract covering the event date (consent, competency and the
    order are checked when the programme item is saved)."""
    day = event.starts_at.date()
    contracts = Contract.objects.filter(
        expert=OuterRef("pk"),
        status=Contract.Status.ACTIVE,
        starts_on__lte=day,
        ends_on__gte=day,
    )
    return Expert.objects.filter(Exists(contracts), merged_into__isnull=True)


def participant_candidates(*, event: Event):
    """Active experts of the event's region (all regions when the event has none)."""
    experts = Expert.objects.filter(is_active=True, merged_into__isnull=True)
    return experts.filter(region=event.region_id) if event.region_id else experts


def expert_matches(*, candidates, query: str) -> tuple[list, bool]:
    """Up to EXPERT_MATCHES candidates whose name starts with `query` (surname first, case- and
    ё-insensitive), and whether there are more. Fewer than 2 letters match nothing."""
    key = normalize_name(query)
    if len(key) < 2:
        return [], False
    rows = list(
        candidates.filter(search_name__startswith=key)
        .select_related("institution")
        .order_by("search_name", "id")[: EXPERT_MATCHES + 1]
    )
    return rows[:EXPERT_MATCHES], len(rows) > EXPERT_MATCHES
