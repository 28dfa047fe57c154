"""Closing an event: the checklist of its type, compliance review, and the closing rule.

The event closes only when every required checklist item is accepted, every speaker's act is
signed by both sides (contracts.Act status signed_by_company) and, for a type that requires it, the
current regulator notice is submitted — or a compliance officer overrode its absence with a written
reason (events.notices.notice_close_override).
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from events import upstream
from events.errors import EventError
from events.evidence_kinds import EvidenceValueError, parse_value, uploads_allowed
from events.models import ChecklistItem, ChecklistReview, Event
from events.notices import NoticeFacts, notice_closing_reason
from kolplatform.core.audit import audit_log
from kolplatform.core.documents import document_store
from kolplatform.core.models import AuditLog, Document
from kolplatform.core.notifications import notify
from kolplatform.core.uploads import upload_problem


def closing_blocking_reasons(
    event: Event, *, checklist=None, programme=None, facts: NoticeFacts | None = None
) -> list[str]:
    """Every reason the event cannot close yet (empty: it can). The event page passes what it
    has read already: the checklist, the programme with speakers and service orders, and the
    notice facts."""
    reasons = []
    items = list(event.checklist_items.all()) if checklist is None else checklist
    if not items:
        reasons.append(_("The closing checklist has not been started."))
    for item in items:
        if item.required and item.status != ChecklistItem.Status.ACCEPTED:
            reasons.append(
                _("“%(item)s” is not accepted (%(status)s).")
                % {"item": item.name, "status": item.get_status_display()}
            )
    if programme is None:
        programme = event.program_items.select_related("speaker", "service_order")
    for program_item in programme:
        if program_item.speaker_id and not upstream.act_signed(program_item.service_order):
            reasons.append(
                _("The act of %(speaker)s is not signed by both sides.")
                % {"speaker": program_item.speaker}
            )
    notice = notice_closing_reason(event, facts=facts)
    if notice:
        reasons.append(notice)
    return reasons


def checklist_create(*, event: Event) -> None:
    """The items of the event type's checklist (idempotent)."""
    existing = set(ChecklistItem.objects.filter(event=event).values_list("code", flat=True))
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                event=event,
                code=entry["code"],
                name=entry["name"],
                name_en=entry.get("name_en", ""),
                kind=entry.get("kind", ChecklistItem.Kind.FILE),
                required=entry.get("required", True),
            )
            for entry in event.event_type.checklist
            if entry["code"] not in existing
        ],
        ignore_conflicts=True,  # a concurrent start made the same items: (event, code) is unique
    )


@transaction.atomic
def checklist_upload(*, item: ChecklistItem, actor, upload) -> ChecklistItem:
    """The owner uploads (or re-uploads) the item's document; it goes to compliance review."""
    if item.event.status != Event.Status.CLOSING:
        raise EventError(_("Documents are uploaded once closing has started."))
    if item.status == ChecklistItem.Status.ACCEPTED:
        raise EventError(_("This item is already accepted."))
    if not item.takes_file:
        raise EventError(_("This item asks for a value, not a file."))
    problem = upload_problem(
        head=upload.read(2048), name=upload.name, size=upload.size,
        allowed=uploads_allowed(item.kind),
    )  # fmt: skip
    upload.seek(0)
    if problem:
        raise EventError(problem)
    item.document = document_store(
        data=upload.read(),
        name=upload.name,
        kind=Document.Kind.EVIDENCE,
        owner=item.event,
        uploaded_by=actor,
        title=item.name,
    )
    item.status = ChecklistItem.Status.UPLOADED
    item.save(update_fields=["document", "status"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=item.event,
        changes={"checklist": item.code, "status": item.status},
    )
    return item


@transaction.atomic
def checklist_fill(*, item: ChecklistItem, actor, raw: str) -> ChecklistItem:
    """The owner gives (or gives again) the typed value of a number, text or date item; it goes
    to compliance review like an upload."""
    if item.event.status != Event.Status.CLOSING:
        raise EventError(_("Documents are uploaded once closing has started."))
    if item.status == ChecklistItem.Status.ACCEPTED:
        raise EventError(_("This item is already accepted."))
    try:
        values = parse_value(item.kind, raw)
    except EvidenceValueError as exc:
        raise EventError(str(exc)) from exc
    for name, value in values.items():
        setattr(item, name, value)
    item.status = ChecklistItem.Status.UPLOADED
    item.save(update_fields=[*values, "status"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=item.event,
        changes={"checklist": item.code, "status": item.status, "value": str(item.value)},
    )
    return item


@transaction.atomic
def checklist_review(
    *, item: ChecklistItem, actor, accept: bool, reason: str = ""
) -> ChecklistItem:
    """Compliance accepts or rejects an uploaded item; a rejection needs a reason and tells the
    owner."""
    if item.status != ChecklistItem.Status.UPLOADED:
        raise EventError(_("Only an uploaded item awaiting review can be decided."))
    if not accept and not reason.strip():
        raise EventError(_("A rejection needs a reason."))
    item.status = ChecklistItem.Status.ACCEPTED if accept else ChecklistItem.Status.REJECTED
    item.rejection_reason = "" if accept else reason.strip()
    item.save(update_fields=["status", "rejection_reason"])
    ChecklistReview.objects.create(
        item=item, accepted=accept, reason=reason.strip(), reviewer=actor
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=item.event,
        comment=reason,
        changes={"checklist": item.code, "status": item.status},
    )
    if not accept:
        notify(
            recipients=[item.event.owner],
            title=_("Closing document rejected: %(item)s — %(event)s")
            % {"item": item.name, "event": item.event},
            body=reason,
            url=f"/events/{item.event_id}/",
            level="warning",
        )
    return item


def rejection_rates():
    """Rejection rates of reviews per owner and per checklist item (for training needs)."""
    rate = {"total": Count("id"), "rejected": Count("id", filter=Q(accepted=False))}
    by_owner = (
        ChecklistReview.objects.values(
            "item__event__owner__username",
            "item__event__owner__last_name",
            "item__event__owner__first_name",
        )
        .annotate(**rate)
        .order_by("-rejected")
    )
    by_item = ChecklistReview.objects.values("item__name").annotate(**rate).order_by("-rejected")
    return list(by_owner), list(by_item)


def rejection_rates_by_type():
    """Rejection rates of reviews per event type (which scenarios need clearer evidence rules)."""
    rate = {"total": Count("id"), "rejected": Count("id", filter=Q(accepted=False))}
    return list(
        ChecklistReview.objects.values(
            "item__event__event_type__name", "item__event__event_type__name_en"
        )
        .annotate(**rate)
        .order_by("-rejected", "item__event__event_type__name")
    )
