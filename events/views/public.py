"""Pages outside the staff event pages: the vendor token page, badges, the compliance calendar
and the KOL cabinet."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from events.certificates import attendance_certificate, certificate_refusal
from events.closing import rejection_rates, rejection_rates_by_type
from events.compliance_calendar import compliance_calendar
from events.forms import VendorQuoteForm
from events.logistics import vendor_quote
from events.models import Participant, VendorRequest
from events.selectors import cabinet_events
from kolplatform.core import hooks
from kolplatform.core.actions import run_service
from kolplatform.core.downloads import file_download


@ratelimit(key="ip", rate="30/m", block=True)
def vendor_page(request, token):
    """The vendor's page (link in the request e-mail): see the request, post a quote and files."""
    vendor_request = get_object_or_404(
        VendorRequest.objects.select_related("event", "vendor", "speaker", "traveller"), token=token
    )
    form = VendorQuoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [form.cleaned_data["document"]] if form.cleaned_data["document"] else []
        if run_service(
            request,
            lambda: vendor_quote(
                request=vendor_request,
                amount=form.cleaned_data["amount"],
                comment=form.cleaned_data["comment"],
                files=files,
            ),
            success=_("Thank you, your quote is sent."),
        ):
            return redirect("events:vendor_page", token=token)
    return render(request, "events/vendor_page.html", {"req": vendor_request, "form": form})


def badge(request, token):
    """A participant's badge with the check-in QR code; after check-in also the survey (through
    `hooks.PARTICIPANT_LINK`) and the attendance certificate."""
    participant = get_object_or_404(Participant.objects.select_related("event"), badge_token=token)
    url = request.build_absolute_uri(reverse("events:checkin", args=[token]))
    qr = segno.make(url, error="m").svg_data_uri(scale=6)
    links = [
        link
        for provider in hooks.contributions(hooks.PARTICIPANT_LINK)
        if (link := provider(participant=participant)) is not None
    ]
    context = {
        "participant": participant,
        "qr": qr,
        "links": links,
        "certificate_refusal": certificate_refusal(participant),
    }
    return render(request, "events/badge.html", context)


@ratelimit(key="ip", rate="30/m", block=True)
def badge_certificate(request, token):
    """The attendance certificate PDF of a checked-in participant (the badge link is the key)."""
    participant = get_object_or_404(Participant.objects.select_related("event"), badge_token=token)
    refusal = certificate_refusal(participant)
    if refusal:
        return render(
            request,
            "events/badge.html",
            {"participant": participant, "refusal": refusal},
            status=403,
        )
    document = attendance_certificate(participant=participant)
    response = file_download(
        document.file.open("rb"),
        filename=_("Attendance certificate %(event)s.pdf") % {"event": participant.event.title},
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def compliance_calendar_view(request):
    if not request.user.has_perm("events.manage_notice"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = compliance_calendar(today=today)
    by_owner, by_item = rejection_rates()
    return render(
        request,
        "events/compliance_calendar.html",
        {
            "rows": rows,
            "today": today,
            "by_owner": by_owner,
            "by_item": by_item,
            "by_type": rejection_rates_by_type(),
        },
    )


@login_required
def cabinet_events_view(request):
    expert = getattr(request.user, "expert", None) if request.user.is_kol else None
    if expert is None:
        raise PermissionDenied
    return render(request, "events/cabinet_events.html", {"items": cabinet_events(expert=expert)})
