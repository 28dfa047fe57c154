"""The KOL's financial tracker: own payouts only, live status, documents, receipts, support."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kolplatform.core.models import Notification
from payments import selectors, services
from payments.forms import MessageForm, UploadForm
from payments.models import Payout
from payments.views.common import message_action, upload_action


def _own(request, pk):
    payout = selectors.payout_get_for_user(user=request.user, pk=pk)
    if payout.expert.user_id != request.user.pk:
        raise PermissionDenied
    return payout


@login_required
@permission_required("payments.view_cabinet_payouts", raise_exception=True)
def cabinet_payouts(request):
    payouts = list(selectors.cabinet_payouts(user=request.user))
    totals = {
        "gross": sum(p.gross for p in payouts if p.status == Payout.Status.PAID),
        "withholding": sum(p.withholding for p in payouts if p.status == Payout.Status.PAID),
        "net": sum(p.net for p in payouts if p.status == Payout.Status.PAID),
    }
    return render(request, "payments/cabinet_list.html", {"payouts": payouts, "totals": totals})


@login_required
def cabinet_status(request, pk):
    """The status badge of one payout, polled by htmx while the payout is under way."""
    payout = _own(request, pk)
    return render(request, "payments/_cabinet_status.html", {"payout": payout})


@login_required
@permission_required("payments.view_cabinet_payouts", raise_exception=True)
def cabinet_detail(request, pk):
    payout = _own(request, pk)
    Notification.objects.filter(
        recipient=request.user, read_at__isnull=True, url__startswith=request.path
    ).update(read_at=timezone.now())
    context = {
        "payout": payout,
        "documents": selectors.payout_documents(payout),
        "support": payout.messages.select_related("author"),
        "upload_form": UploadForm(),
        "message_form": MessageForm(),
    }
    return render(request, "payments/cabinet_detail.html", context)


def _back(payout) -> str:
    return reverse("payments:cabinet_detail", args=[payout.pk])


@require_POST
@login_required
@permission_required("payments.view_cabinet_payouts", raise_exception=True)
def cabinet_receipt(request, pk):
    payout = _own(request, pk)
    return upload_action(
        request,
        payout=payout,
        service=services.payout_upload_receipt,
        success=_("Thank you, the receipt is uploaded."),
        next_url=_back(payout),
    )


@require_POST
@login_required
@permission_required("payments.view_cabinet_payouts", raise_exception=True)
def cabinet_message(request, pk):
    payout = _own(request, pk)
    return message_action(
        request,
        payout=payout,
        success=_("Your message is sent to the accountant."),
        next_url=_back(payout),
    )
