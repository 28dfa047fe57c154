"""The evidence pack of an event: everything that proves it took place as approved.

Assembled here from the contributions to `hooks.EVIDENCE_EVENT` (each module adds what it owns):
events (10: the card, programme, budget with its three figures, participants with attendance,
the regulator notices with their files, the closing checklist with files and reviews, and the
speakers' contract, order, act and invoice as signed copies, read from contracts), feedback (the
survey summary) and payments (the speakers' payouts). kolplatform/core/evidence.py writes the
ZIP with its index as a stream.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.evidence import documents_evidence, order_documents
from contracts.models import ServiceOrder
from events.models import Event, Participant, ProgramItem
from kolplatform.core import hooks
from kolplatform.core.evidence import EvidenceFile, csv_file, document_file, evidence_response


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def event_pack_response(*, event: Event):
    """The streamed ZIP of the event's evidence."""
    return evidence_response(
        files=event_evidence_files(event=event),
        heading=_("Evidence pack: %(event)s") % {"event": event.title},
        filename=f"evidence-event-{event.pk}-{event.title[:60]}.zip",
        fallback=f"evidence-event-{event.pk}.zip",
    )


def event_evidence_files(*, event: Event):
    for provider in hooks.contributions(hooks.EVIDENCE_EVENT):
        yield from provider(event=event)


def event_sections(*, event: Event):
    """EVIDENCE_EVENT of events: its own records and the speakers' signed documents."""
    yield _card(event)
    yield _programme(event)
    yield _budget(event)
    yield _participants(event)
    yield from _notices(event)
    yield from _checklist(event)
    yield from documents_evidence(order_documents(event_orders(event)), folder="speakers")


def event_orders(event: Event) -> list[ServiceOrder]:
    """The service orders of the event's speakers (programme items and event orders)."""
    linked = Q(program_items__event=event) | Q(event_link__event=event)
    return list(ServiceOrder.objects.filter(linked).distinct().order_by("pk"))


def _card(event: Event) -> EvidenceFile:
    e = event
    rows = [
        [_("Title"), e.title],
        [_("Type"), str(e.event_type)],
        [_("Format"), e.get_format_display()],
        [_("Status"), e.get_status_display()],
        [_("Starts"), _when(e.starts_at)],
        [_("Ends"), _when(e.ends_at)],
        [_("City"), e.city],
        [_("Venue"), e.venue],
        [_("Online link"), e.online_url],
        [_("Region"), str(e.region or "")],
        [_("Therapeutic area"), str(e.therapeutic_area or "")],
        [_("Products"), ", ".join(str(p) for p in e.products.all())],
        [_("Owner"), e.owner.get_full_name() or e.owner.username],
        [_("Team"), ", ".join(u.get_full_name() or u.username for u in e.team.all())],
        [_("Target audience"), e.target_audience],
        [_("Planned participants"), e.planned_participants],
        [_("Approved budget"), e.approved_total if e.approved_total is not None else ""],
        [_("Currency"), e.currency_id],
        [_("Sponsors"), e.sponsors],
        [_("Late notice override reason"), e.notice_override_reason],
        [_("Closed without a submitted notice: reason"), e.notice_close_override_reason],
        [_("Closing without a notice allowed at"), _when(e.notice_close_override_at)],
    ]
    return csv_file("event/card.csv", _("Event card"), [_("Field"), _("Value")], rows)


def _programme(event: Event) -> EvidenceFile:
    items = ProgramItem.objects.filter(event=event).select_related("speaker", "service_order")
    rows = [
        [
            _when(i.starts_at),
            _when(i.ends_at),
            i.topic,
            i.speaker.full_name if i.speaker else "",
            i.service_order.number if i.service_order else "",
        ]
        for i in items.order_by("starts_at", "pk")
    ]
    header = [_("Starts"), _("Ends"), _("Topic"), _("Speaker"), _("Service order")]
    return csv_file("event/programme.csv", _("Programme"), header, rows)


def _budget(event: Event) -> EvidenceFile:
    rows, totals = [], [0, 0, 0]
    for line in event.budget_lines.select_related("service_order").order_by("category", "pk"):
        figures = [line.planned, line.final, line.actual]
        totals = [t + f for t, f in zip(totals, figures, strict=True)]
        order = line.service_order.number if line.service_order else ""
        entertainment = _("yes") if line.is_entertainment else ""
        rows.append(
            [
                line.get_category_display(),
                line.description,
                *figures,
                line.currency_id,
                order,
                entertainment,
            ]
        )
    rows.append([_("Total"), "", *totals, event.currency_id, "", ""])
    header = [
        _("Category"), _("Description"), _("Planned"), _("Final"), _("Actual"), _("Currency"),
        _("Service order"), _("Entertainment"),
    ]  # fmt: skip
    return csv_file("event/budget.csv", _("Budget: planned, final and actual"), header, rows)


def _participants(event: Event) -> EvidenceFile:
    rows = [
        [
            p.full_name,
            p.institution_name,
            p.specialty,
            p.get_status_display(),
            _when(p.checked_in_at),
            _("yes") if p.checked_in_at or p.status == Participant.Status.ATTENDED else _("no"),
        ]
        for p in event.participants.order_by("full_name", "pk")
    ]
    header = [
        _("Full name"), _("Institution"), _("Specialty"), _("Status"), _("Checked in"),
        _("Attended"),
    ]  # fmt: skip
    return csv_file("event/participants.csv", _("Participants and attendance"), header, rows)


def _notices(event: Event):
    notices = event.notices.select_related("document", "evidence", "submitted_by")
    rows, files = [], []
    for n in notices.order_by("version"):
        base = f"notice/v{n.version}"
        files += document_file(f"{base}-notice", _("Regulator notice v%(v)s") % {"v": n.version},
                               n.document)  # fmt: skip
        files += document_file(
            f"{base}-submission-evidence",
            _("Proof of submission of the notice v%(v)s") % {"v": n.version},
            n.evidence,
        )
        submitted_by = n.submitted_by.get_full_name() if n.submitted_by else ""
        rows.append(
            [n.version, n.get_status_display(), n.authority, _day(n.legal_deadline),
             _day(n.target_date), _day(n.submitted_on), n.reference, submitted_by, n.reason]
        )  # fmt: skip
    header = [
        _("Version"), _("Status"), _("Authority"), _("Legal deadline"), _("Internal target"),
        _("Submitted on"), _("Reference"), _("Submitted by"), _("Reason for this version"),
    ]  # fmt: skip
    yield csv_file("notice/notices.csv", _("Regulator notices"), header, rows)
    yield from files


def _checklist(event: Event):
    items = event.checklist_items.select_related("document").prefetch_related("reviews__reviewer")
    rows, files = [], []
    for item in items.order_by("pk"):
        part = document_file(f"checklist/{item.code}", item.name, item.document)
        files += part
        reviews = " | ".join(
            f"{_when(r.created_at)} {r.reviewer.get_full_name() or r.reviewer.username}: "
            + (_("accepted") if r.accepted else _("rejected") + f" ({r.reason})")
            for r in sorted(item.reviews.all(), key=lambda r: (r.created_at, r.pk))
        )
        rows.append(
            [item.code, item.name, _("yes") if item.required else _("no"),
             item.get_status_display(), part[0].path if part else "", reviews]
        )  # fmt: skip
    header = [_("Code"), _("Item"), _("Required"), _("Status"), _("File"), _("Reviews")]
    yield csv_file("checklist/checklist.csv", _("Closing checklist and reviews"), header, rows)
    yield from files


def expert_year_sections(*, expert, year: int):
    """EVIDENCE_EXPERT_YEAR of events: where the expert spoke and took part in `year`."""
    talks = ProgramItem.objects.filter(speaker=expert, starts_at__year=year).select_related(
        "event", "service_order"
    )
    rows = [
        [t.event.title, _when(t.starts_at), t.topic, t.event.get_status_display(),
         t.service_order.number if t.service_order else ""]
        for t in talks.order_by("starts_at", "pk")
    ]  # fmt: skip
    header = [_("Event"), _("Starts"), _("Topic"), _("Event status"), _("Service order")]
    yield csv_file("events/talks.csv", _("Talks at events"), header, rows)
    visits = Participant.objects.filter(expert=expert, event__starts_at__year=year)
    rows = [
        [p.event.title, _when(p.event.starts_at), p.get_status_display(), _when(p.checked_in_at)]
        for p in visits.select_related("event").order_by("event__starts_at", "pk")
    ]
    header = [_("Event"), _("Starts"), _("Status"), _("Checked in")]
    yield csv_file("events/participation.csv", _("Participation in events"), header, rows)
