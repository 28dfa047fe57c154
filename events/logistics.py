"""Participants and check-in, tasks, vendor requests and the e-mails of logistics."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventError
from events.models import BudgetLine, Event, Participant, Task, VendorRequest
from events.services.budget import budget_check_tolerance
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.documents import document_store
from kolplatform.core.models import AuditLog, Document
from kolplatform.core.notifications import notify
from kolplatform.core.refusals import transition_refusal


def _error(message):
    return EventError(message)


def _send_email_on_commit(*, to: str, template: str, context: dict) -> None:
    # The task module imports this one at its top (the daily task runs the reminders here).
    from events.tasks import email_send

    if to:
        transaction.on_commit(lambda: email_send.delay(to=[to], template=template, context=context))


# --- Participants ---------------------------------------------------------------------------


@transaction.atomic
def participant_add(*, event: Event, actor, expert=None, **values) -> Participant:
    if expert is not None:
        values.setdefault("full_name", expert.full_name)
        values.setdefault("email", expert.email)
        if expert.institution_id:
            values.setdefault("institution_name", expert.institution.name)
    if not values.get("full_name"):
        raise _error(_("Give the participant's name or choose an expert."))
    if expert is not None and event.participants.filter(expert=expert).exists():
        raise _error(_("This expert is already a participant."))
    participant = Participant.objects.create(event=event, expert=expert, **values)
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=participant)
    return participant


def participant_invite(*, participant: Participant, actor) -> None:
    """E-mail the invitation with the programme and the badge link."""
    event = participant.event
    _send_email_on_commit(
        to=participant.email,
        template="events_invitation",
        context={
            "event_title": event.title,
            "name": participant.full_name,
            "starts": timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M"),
            "place": ", ".join(p for p in (event.city, event.venue) if p) or event.online_url,
            "badge_url": settings.SITE_URL
            + reverse("events:badge", args=[participant.badge_token]),
        },
    )
    audit_log(
        actor=actor, action=AuditLog.Action.UPDATE, obj=participant, changes={"invited": True}
    )


@transaction.atomic
def participant_check_in(*, participant: Participant, actor) -> Participant:
    """Mark attendance (from the list or by scanning the badge QR); idempotent."""
    if participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
        participant.status = Participant.Status.ATTENDED
        participant.save(update_fields=["checked_in_at", "status"])
        audit_log(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            obj=participant,
            changes={"checked_in": True},
        )
    return participant


# --- Tasks ----------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, event: Event, actor, title: str, assignee, due_date: date) -> Task:
    task = Task.objects.create(
        event=event, title=title, assignee=assignee, due_date=due_date, created_by=actor
    )
    notify(
        recipients=[assignee],
        title=_("New task: %(task)s") % {"task": title},
        body=str(event),
        url=reverse("events:my_tasks"),
        level="action",
    )
    return task


def task_set_status(*, task: Task, actor, done: bool) -> Task:
    task.status = Task.Status.DONE if done else Task.Status.OPEN
    task.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=task.event,
        changes={"task": task.title, "status": task.status},
    )
    return task


def tasks_remind_overdue(*, today: date | None = None) -> int:
    """Daily: remind each assignee of each overdue open task once a day (idempotent)."""
    today = today or timezone.localdate()
    sent = 0
    for task in Task.objects.filter(status=Task.Status.OPEN, due_date__lt=today).select_related(
        "assignee", "event"
    ):
        sent += len(
            notify(
                recipients=[task.assignee],
                title=_("Overdue task: %(task)s") % {"task": task.title},
                body=_("Due %(date)s, event: %(event)s")
                % {"date": task.due_date.strftime("%d.%m.%Y"), "event": task.event},
                url=reverse("events:my_tasks"),
                level="warning",
                dedup_key=f"event-task-overdue:{task.pk}:{today.isoformat()}",
            )
        )
    return sent


# --- Vendor requests -----------------------------------------------------------------------


def vendor_page_url(request: VendorRequest) -> str:
    return settings.SITE_URL + reverse("events:vendor_page", args=[request.token])


@transaction.atomic
def vendor_request_create(
    *, event: Event, actor, vendor, kind: str, details: str = "", traveller=None, speaker=None
) -> VendorRequest:
    """Ask a vendor for a service; the vendor gets an e-mail with a link to their page."""
    if event.status in (Event.Status.CLOSED, Event.Status.CANCELLED):
        raise _error(_("The event is closed or cancelled."))
    request = VendorRequest.objects.create(
        event=event,
        vendor=vendor,
        kind=kind,
        details=details,
        traveller=traveller,
        speaker=speaker,
        created_by=actor,
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=request)
    _send_email_on_commit(
        to=vendor.email,
        template="events_vendor_request",
        context={
            "vendor": vendor.name,
            "event_title": event.title,
            "service": request.get_kind_display(),
            "details": details,
            "url": vendor_page_url(request),
            "starts": timezone.localtime(event.starts_at).strftime("%d.%m.%Y"),
            "place": ", ".join(p for p in (event.city, event.venue) if p),
        },
    )
    return request


def _vendor_transition(
    request: VendorRequest, name: str, *, actor, comment: str = "", fields=("status",)
):
    method = getattr(request, name)
    refused = transition_refusal(request, name)
    if refused:
        raise _error(refused)
    from_state = request.status
    method()
    request.save(update_fields=list(fields))
    audit_transition(actor=actor, obj=request, from_state=from_state, comment=comment)
    return request


@transaction.atomic
def vendor_quote(
    *, request: VendorRequest, amount: Decimal, comment: str = "", files=()
) -> VendorRequest:
    """The vendor posts a quote (and documents) on the token page."""
    if amount is None or amount <= 0:
        raise _error(_("Give a positive amount."))
    request.quote_amount = amount
    request.quote_comment = comment
    for upload in files:
        document_store(
            data=upload.read(),
            name=upload.name,
            kind=Document.Kind.OTHER,
            owner=request.event,
            title=f"{request}: {upload.name}",
        )
    _vendor_transition(
        request,
        "quote",
        actor=None,
        comment=comment,
        fields=("status", "quote_amount", "quote_comment"),
    )
    notify(
        recipients=[request.created_by, request.event.owner],
        title=_("Quote received: %(req)s — %(amount)s") % {"req": request, "amount": amount},
        url=reverse("events:detail", args=[request.event_id]),
        level="action",
    )
    return request


@transaction.atomic
def vendor_confirm(*, request: VendorRequest, actor) -> VendorRequest:
    """Confirm the quote: its amount lands in the budget's actual figures (and the tolerance
    rule runs). Refused while the event is in approval or re-approval."""
    event = Event.objects.select_for_update(of=("self",)).get(pk=request.event_id)
    request.event = event
    request.confirmed_amount = request.quote_amount
    _vendor_transition(request, "confirm", actor=actor, fields=("status", "confirmed_amount"))
    line = BudgetLine.objects.filter(
        event=event, category=request.CATEGORY[request.kind], vendor_requests=None, actual=0
    ).first()
    if line is None:
        line = BudgetLine.objects.create(
            event=event, category=request.CATEGORY[request.kind], description=str(request)
        )
    line.actual = request.confirmed_amount
    line.save(update_fields=["actual"])
    request.budget_line = line
    request.save(update_fields=["budget_line"])
    budget_check_tolerance(event=event, actor=actor)
    logistics_send(event=event, actor=actor, only=request)
    return request


@transaction.atomic
def vendor_complete(*, request: VendorRequest, actor) -> VendorRequest:
    return _vendor_transition(request, "complete", actor=actor)


@transaction.atomic
def vendor_cancel(*, request: VendorRequest, actor) -> VendorRequest:
    if request.paid_on:
        raise _error(_("The vendor has been paid: the request cannot be cancelled."))
    request = _vendor_transition(request, "cancel", actor=actor)
    if request.budget_line_id:
        BudgetLine.objects.filter(pk=request.budget_line_id).update(actual=0)
    return request


@transaction.atomic
def vendor_payment_record(*, request: VendorRequest, paid_on: date, actor) -> VendorRequest:
    """Finance records the date the vendor was paid (the payment order), also after the event
    closed: a confirmed or done request only, not in the future. A correction is audited with
    the old and the new date. The date places a cost for a speaker or participant in a year of
    the transparency report (cash basis)."""
    request = VendorRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (VendorRequest.Status.CONFIRMED, VendorRequest.Status.DONE):
        raise _error(_("Only a confirmed or done request can be paid."))
    if paid_on > timezone.localdate():
        raise _error(_("The payment date cannot be in the future."))
    old = request.paid_on
    request.paid_on = paid_on
    request.save(update_fields=["paid_on"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=request,
        changes={"paid_on": [old.isoformat() if old else None, paid_on.isoformat()]},
    )
    return request


# --- Logistics e-mails -----------------------------------------------------------------------


def logistics_send(*, event: Event, actor, only: VendorRequest | None = None) -> int:
    """E-mail speakers and participants the programme and their own confirmed logistics; a KOL
    also sees them in the cabinet. Called again after changes (re-sent)."""
    requests = event.vendor_requests.filter(
        status__in=[VendorRequest.Status.CONFIRMED, VendorRequest.Status.DONE]
    )
    if only is not None:
        requests = requests.filter(pk=only.pk)
    programme = [
        f"{timezone.localtime(p.starts_at):%H:%M} {p.topic}"
        + (f" — {p.speaker}" if p.speaker_id else "")
        for p in event.program_items.select_related("speaker")
    ]
    people = {}
    for req in requests.select_related("speaker", "traveller", "vendor"):
        who = req.speaker or req.traveller
        if who is None:
            continue
        email = getattr(who, "email", "")
        people.setdefault(email, {"name": str(who), "items": []})["items"].append(
            f"{req.get_kind_display()}: {req.vendor} {req.details}".strip()
        )
    for email, data in people.items():
        _send_email_on_commit(
            to=email,
            template="events_logistics",
            context={
                "event_title": event.title,
                "name": data["name"],
                "programme": programme,
                "items": data["items"],
                "starts": timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M"),
            },
        )
    return len(people)
