"""POST actions on an event: transitions, decisions, notices, checklist, tasks, vendor requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import closing, logistics, notices, services
from events.evidence import event_pack_response
from events.forms import DecisionForm, NoticeSubmitForm, ReasonForm, UploadForm, VendorPaymentForm
from events.models import ChecklistItem, Participant, RegulatorNotice, Task, VendorRequest
from events.selectors import event_get_for_user, task_get_for_user
from events.services import EventError
from events.views.common import event_action
from kolplatform.core.audit import audit_log
from kolplatform.core.redirects import safe_next_url

TRANSITIONS = {
    "send": lambda event, user, comment: services.event_send_for_approval(
        event=event, actor=user, comment=comment
    ),
    "held": lambda event, user, comment: services.event_mark_held(event=event, actor=user),
    "closing": lambda event, user, comment: services.event_start_closing(event=event, actor=user),
    "close": lambda event, user, comment: services.event_close(event=event, actor=user),
    "cancel": lambda event, user, comment: services.event_cancel(
        event=event, actor=user, comment=comment
    ),
    "resubmit": lambda event, user, comment: services.event_resubmit_reapproval(
        event=event, actor=user, comment=comment
    ),
    "logistics": lambda event, user, comment: logistics.logistics_send(event=event, actor=user),
}


@event_action()
def event_transition(request, event, action):
    if action not in TRANSITIONS:
        raise PermissionDenied
    TRANSITIONS[action](event, request.user, request.POST.get("comment", ""))
    messages.success(request, _("Done."))


@event_action(perm="events.view_event")
def event_decide(request, event):
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    services.event_decide(
        event=event,
        actor=request.user,
        approve=approve,
        comment=form.cleaned_data.get("comment", ""),
    )
    messages.success(request, _("Your decision is recorded."))


@event_action(perm="events.manage_notice")
def notice_generate(request, event):
    notices.notice_generate(event=event, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("The notice is generated."))


@event_action(perm="events.manage_notice")
def notice_submit(request, event, notice_pk):
    notice = get_object_or_404(RegulatorNotice, pk=notice_pk, event=event)
    form = NoticeSubmitForm(request.POST, request.FILES)
    if not form.is_valid():
        raise EventError(" ".join(str(e) for errs in form.errors.values() for e in errs))
    notices.notice_submit(notice=notice, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The submission is recorded."))


@event_action(perm="events.manage_notice")
def notice_override(request, event):
    form = ReasonForm(request.POST)
    notices.notice_override(event=event, actor=request.user, reason=form.data.get("reason", ""))
    messages.success(request, _("The override is recorded."))


@event_action(perm="events.manage_notice")
def notice_close_override(request, event):
    form = ReasonForm(request.POST)
    notices.notice_close_override(
        event=event, actor=request.user, reason=form.data.get("reason", "")
    )
    messages.success(request, _("Closing without a submitted notice is allowed."))


@event_action()
def checklist_upload(request, event, item_pk):
    item = get_object_or_404(ChecklistItem, pk=item_pk, event=event)
    if not item.takes_file:  # a number, text or date
        closing.checklist_fill(item=item, actor=request.user, raw=request.POST.get("value", ""))
        messages.success(request, _("The value is sent for review."))
        return
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise EventError(" ".join(str(e) for errs in form.errors.values() for e in errs))
    closing.checklist_upload(item=item, actor=request.user, upload=form.cleaned_data["file"])
    messages.success(request, _("The document is uploaded for review."))


@event_action(perm="events.review_closing")
def checklist_review(request, event, item_pk):
    item = get_object_or_404(ChecklistItem, pk=item_pk, event=event)
    closing.checklist_review(
        item=item,
        actor=request.user,
        accept=request.POST.get("decision") == "accept",
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("The review is recorded."))


@event_action()
def participant_action(request, event, participant_pk, action):
    participant = get_object_or_404(Participant, pk=participant_pk, event=event)
    if action == "checkin":
        logistics.participant_check_in(participant=participant, actor=request.user)
    elif action == "invite":
        logistics.participant_invite(participant=participant, actor=request.user)
    else:
        raise PermissionDenied
    messages.success(request, _("Done."))


@login_required
def task_toggle(request, pk, task_pk):
    """The assignee (or whoever may edit the event) marks a task done or reopens it."""
    task = task_get_for_user(user=request.user, event_pk=pk, pk=task_pk)
    if request.method == "POST":
        logistics.task_set_status(
            task=task, actor=request.user, done=task.status == Task.Status.OPEN
        )
    return redirect(safe_next_url(request, request.POST.get("next"), "events:my_tasks"))


@event_action()
def vendor_request_action(request, event, request_pk, action):
    vendor_request = get_object_or_404(VendorRequest, pk=request_pk, event=event)
    steps = {
        "confirm": logistics.vendor_confirm,
        "complete": logistics.vendor_complete,
        "cancel": logistics.vendor_cancel,
    }
    if action not in steps:
        raise PermissionDenied
    steps[action](request=vendor_request, actor=request.user)
    messages.success(request, _("Done."))


@event_action(perm="events.record_vendor_payment")
def vendor_payment(request, event, request_pk):
    """Finance records the date the vendor of a request was paid."""
    vendor_request = get_object_or_404(VendorRequest, pk=request_pk, event=event)
    form = VendorPaymentForm(request.POST)
    if not form.is_valid():
        raise EventError(_("Give the payment date."))
    logistics.vendor_payment_record(
        request=vendor_request, paid_on=form.cleaned_data["paid_on"], actor=request.user
    )
    messages.success(request, _("The payment date is recorded."))


@login_required
def checkin_by_badge(request, token):
    """Scanning a badge QR opens this page for staff: confirm to check the participant in."""
    participant = get_object_or_404(Participant.objects.select_related("event"), badge_token=token)
    event = event_get_for_user(
        user=request.user, pk=participant.event_id, perm="events.change_event"
    )
    if request.method == "POST":
        logistics.participant_check_in(participant=participant, actor=request.user)
        messages.success(request, _("%(name)s is checked in.") % {"name": participant})
        return redirect("events:detail", pk=event.pk)
    return render(request, "events/checkin.html", {"participant": participant, "event": event})


@login_required
def event_archive(request, pk):
    """The evidence pack of the event (events/evidence.py): a streamed ZIP with its index."""
    event = event_get_for_user(user=request.user, pk=pk, perm="events.download_evidence")
    audit_log(actor=request.user, action="event.evidence_downloaded", obj=event)
    return event_pack_response(event=event)
