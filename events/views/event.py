"""The event page, the event form, and the forms that add to an event."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from events import forms, upstream
from events.logistics import participant_add, task_create, vendor_request_create
from events.models import BudgetLine, Event
from events.selectors import event_get_for_user, event_page
from events.services import (
    CHANGE_FIELDS,
    EventError,
    budget_line_save,
    event_propose_change,
    needs_change_approval,
    program_item_add,
)
from events.speakers import (
    order_for_event,
    speaker_blocking_reasons,
    speaker_order_create,
)
from kolplatform.core.actions import run_service
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog
from kolplatform.core.money import format_money


@login_required
def event_detail(request, pk):
    event = event_get_for_user(user=request.user, pk=pk)
    context = event_page(event=event, user=request.user)
    context["feedback_panel"] = _feedback_panel()
    return render(request, "events/detail.html", context)


def _feedback_panel() -> str:
    """The feedback module's panel for the event page, when that module provides one."""
    try:
        get_template(FEEDBACK_PANEL)
    except TemplateDoesNotExist:
        return ""
    return FEEDBACK_PANEL


FEEDBACK_PANEL = "feedback/_event_panel.html"


def _same(new, old) -> bool:
    """Equal as the form shows them (date-times to the minute)."""
    if isinstance(new, datetime) and isinstance(old, datetime):
        return new.replace(second=0, microsecond=0) == old.replace(second=0, microsecond=0)
    return new == old


def _save_event_form(request, form, event):
    """Create, edit, or (on an approved event) propose a change of dates/venue."""
    if event is None:
        created = form.save(commit=False)
        created.owner = request.user
        created.save()
        form.save_m2m()
        audit_log(actor=request.user, action=AuditLog.Action.CREATE, obj=created)
        return created, _("The event is created.")
    if needs_change_approval(event):
        changed = {
            f: form.cleaned_data[f]
            for f in CHANGE_FIELDS
            if f in form.changed_data and not _same(form.cleaned_data[f], getattr(event, f))
        }
        other = [f for f in form.changed_data if f not in CHANGE_FIELDS]
        if other:
            Event.objects.filter(pk=event.pk).update(
                **{f: form.cleaned_data[f] for f in other if f not in ("products", "team")}
            )
            if "products" in other:
                event.products.set(form.cleaned_data["products"])
            if "team" in other:
                event.team.set(form.cleaned_data["team"])
        if changed:
            payload = {
                k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changed.items()
            }
            event_propose_change(
                event=event,
                actor=request.user,
                payload={"fields": payload},
                summary=", ".join(
                    f"{Event._meta.get_field(k).verbose_name}: {v}" for k, v in payload.items()
                ),
            )
            return event, _(
                "Dates and venue of an approved event change once the change is "
                "approved; it has been sent for approval."
            )
        return event, _("Saved.")
    saved = form.save()
    audit_log(
        actor=request.user,
        action=AuditLog.Action.UPDATE,
        obj=saved,
        changes={"fields": form.changed_data},
    )
    return saved, _("Saved.")


@login_required
def event_form(request, pk=None):
    event = None
    if pk is not None:
        event = event_get_for_user(user=request.user, pk=pk, perm="events.change_event")
        if event.status in (Event.Status.CLOSED, Event.Status.CANCELLED):
            messages.error(request, _("A closed or cancelled event cannot be edited."))
            return redirect("events:detail", pk=event.pk)
    elif not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                # Compare with the row as stored, under lock: the form has already written the
                # posted values onto `event`.
                original = Event.objects.select_for_update().get(pk=event.pk) if event else None
                saved, message = _save_event_form(request, form, original)
        except EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message)
            return redirect("events:detail", pk=saved.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


def _sub_form(request, pk, perm="events.change_event"):
    event = event_get_for_user(user=request.user, pk=pk, perm=perm)
    if event.status in (Event.Status.CLOSED, Event.Status.CANCELLED):
        raise PermissionDenied
    return event


@login_required
def program_add(request, pk):
    """Add a programme item; a refused speaker shows the reasons and, when only the order is
    missing, offers to create it (hours x the tier rate)."""
    event = _sub_form(request, pk)
    form = forms.ProgramItemForm(request.POST or None, event=event)
    reasons, offer = [], None
    if request.method == "POST" and form.is_valid():
        added, reasons, offer = _item_add(request, event, form)
        if added:
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/program_form.html",
        {"form": form, "event": event, "reasons": reasons, "offer": offer},
    )


def _item_add(request, event, form, *, done: str = ""):
    """Add the item of a valid ProgramItemForm: (added, refusal reasons, order offer); the
    success message is `done` followed by what happened to the item."""
    data = form.cleaned_data
    try:
        result = program_item_add(
            event=event,
            actor=request.user,
            topic=data["topic"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            speaker=data["speaker"],
        )
    except EventError as exc:
        speaker = data["speaker"]
        order = order_for_event(event=event, expert=speaker) if speaker else None
        reasons = (
            speaker_blocking_reasons(event=event, expert=speaker, topic=data["topic"], order=order)
            if speaker
            else []
        )
        if done:
            messages.success(request, done)
        if not reasons:
            messages.error(request, str(exc))
        elif len(reasons) == 1 and order is None:
            return False, reasons, _order_offer(event, speaker)
        return False, reasons, None
    added = (
        _("The change is sent for approval.")
        if result.__class__.__name__ == "EventChange"
        else _("The programme item is added.")
    )
    messages.success(request, f"{done} {added}".strip())
    return True, [], None


@login_required
def speaker_order(request, pk):
    """Create the speaker's order offered on the programme page, then add the programme item
    typed before (its fields come along as hidden inputs). A refused order shows the offer again
    with the hours and the item as typed, and what remains under the caps."""
    event = _sub_form(request, pk)
    form = forms.SpeakerOrderForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("events:detail", pk=event.pk)
    speaker = form.cleaned_data["speaker"]
    typed = "topic" in request.POST  # the programme item typed before the offer came along
    item_form = forms.ProgramItemForm(request.POST if typed else None, event=event)
    try:
        order = speaker_order_create(
            event=event, expert=speaker, hours=form.cleaned_data["hours"], actor=request.user
        )
    except EventError as exc:
        messages.error(request, str(exc))
        offer = _order_offer(event, speaker, form)
        context = {"form": item_form, "event": event, "offer": offer}
        return render(request, "events/program_form.html", context)
    done = _("Service order %(order)s for %(amount)s is created and approved.") % {
        "order": order,
        "amount": format_money(order.amount),
    }
    if not typed:
        messages.success(request, done)
        return redirect("events:program_add", pk=event.pk)
    reasons = []
    if item_form.is_valid():
        added, reasons, _offer = _item_add(request, event, item_form, done=done)
        if added:
            return redirect("events:detail", pk=event.pk)
    else:
        messages.success(request, done)
    context = {"form": item_form, "event": event, "reasons": reasons, "offer": None}
    return render(request, "events/program_form.html", context)


def _order_offer(event, speaker, form=None) -> dict:
    """The offer to create a speaker's order: the tier rate and what remains under the caps."""
    on = event.starts_at.date()
    return {
        "speaker": speaker,
        "rate": upstream.order_rate_preview(
            expert=speaker, service_type=event.event_type.service_type, on=on
        ),
        "caps": upstream.caps_remaining(expert=speaker, on=on),
        "form": form or forms.SpeakerOrderForm(initial={"speaker": speaker.pk, "hours": 1}),
    }


@login_required
def budget_line_form(request, pk, line_pk=None):
    event = _sub_form(request, pk)
    line = get_object_or_404(BudgetLine, pk=line_pk, event=event) if line_pk else None
    form = forms.BudgetLineForm(request.POST or None, instance=line, event=event)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if run_service(
            request,
            lambda: budget_line_save(event=event, actor=request.user, line=line, **values),
            success=_("The budget is saved."),
        ):
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/simple_form.html",
        {"form": form, "event": event, "heading": _("Budget line")},
    )


@login_required
def participant_form(request, pk):
    event = _sub_form(request, pk)
    form = forms.ParticipantForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expert = data.pop("expert")
        data = {k: v for k, v in data.items() if v}
        if run_service(
            request,
            lambda: participant_add(event=event, actor=request.user, expert=expert, **data),
            success=_("The participant is added."),
        ):
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/simple_form.html",
        {"form": form, "event": event, "heading": _("Participant")},
    )


@login_required
def task_form(request, pk):
    event = _sub_form(request, pk)
    form = forms.TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task_create(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The task is assigned."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request, "events/simple_form.html", {"form": form, "event": event, "heading": _("Task")}
    )


@login_required
def vendor_request_form(request, pk):
    event = _sub_form(request, pk)
    form = forms.VendorRequestForm(request.POST or None, event=event)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: vendor_request_create(event=event, actor=request.user, **form.cleaned_data),
            success=_("The request is sent to the vendor."),
        )
    ):
        return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/simple_form.html",
        {"form": form, "event": event, "heading": _("Vendor request")},
    )
