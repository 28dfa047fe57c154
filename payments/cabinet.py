"""The "My payouts" card on the KOL cabinet's home (kolplatform.core.cabinet)."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kolplatform.core.cabinet import CabinetCard, CabinetLine
from payments.models import Payout
from payments.templatetags.payments_tags import badge, rub

SHOWN = 3
SETTLED = (Payout.Status.PAID, Payout.Status.CANCELLED)


def payouts_in_progress_card(*, expert) -> CabinetCard:
    """The expert's payouts not yet paid (newest first) and their total net: two queries."""
    open_payouts = Payout.objects.filter(expert=expert).exclude(status__in=SETTLED)
    totals = open_payouts.aggregate(count=Count("pk"), net=Sum("net"))
    latest = open_payouts.select_related("act", "currency").order_by("-created_at", "-pk")
    lines = [
        CabinetLine(
            label=_("Act № %(number)s") % {"number": payout.act.number},
            detail=f"{rub(payout.net)} {payout.currency_id}",
            url=reverse("payments:cabinet_detail", args=[payout.pk]),
            badge=payout.get_status_display(),
            badge_class=badge(payout.status),
        )
        for payout in latest[:SHOWN]
    ]
    summary = ""
    if totals["count"]:
        summary = ngettext(
            "%(count)d in progress, %(net)s net",
            "%(count)d in progress, %(net)s net",
            totals["count"],
        ) % {
            "count": totals["count"],
            "net": rub(totals["net"]),
        }
    return CabinetCard(
        title=_("Payouts in progress"),
        url=reverse("payments:cabinet_payouts"),
        link_label=_("All my payouts"),
        lines=lines,
        empty_text=_("No payouts in progress."),
        summary=summary,
    )
