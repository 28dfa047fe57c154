"""Reminders of the accountants and the experts (issue 6 §5). Every one has a dedup key, so a job
run twice notifies once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role
from payments.models import Payout
from payments.tax_settings import payout_settings_on

S = Payout.Status
OPEN = [S.PENDING_CHECKS, S.BLOCKED, S.READY, S.APPROVED, S.IN_REGISTRY, S.FAILED]
DIGEST_AHEAD_DAYS = 3
DIGEST_LIST = 20


def finance_users():
    return get_user_model().objects.filter(groups__name=Role.FINANCE, is_active=True).distinct()


def finance_head(on=None):
    settings = payout_settings_on(on or timezone.localdate())
    if settings.finance_head_id:
        return [settings.finance_head]
    return list(get_user_model().objects.filter(groups__name=Role.ADMIN, is_active=True))


def _url(payout) -> str:
    return reverse("payments:detail", args=[payout.pk])


def payout_notify_accountants(*, payout: Payout) -> None:
    """The act is signed: the accountants are asked to pay (in-app + e-mail)."""
    notify(
        recipients=finance_users(),
        title=_("Pay %(expert)s: act № %(act)s signed, due %(due)s")
        % {"expert": payout.expert, "act": payout.act.number, "due": date_format(payout.due_date)},
        body=_("Gross %(gross)s, to pay %(net)s %(cur)s. Status: %(s)s.")
        % {
            "gross": payout.gross,
            "net": payout.net,
            "cur": payout.currency_id,
            "s": payout.get_status_display(),
        },
        url=_url(payout),
        level="action",
        dedup_key=f"payout-created-{payout.pk}",
    )


def payout_notify_expert_paid(*, payout: Payout) -> None:
    user = payout.expert.user
    if user is None:
        return
    body = _("Payment order № %(n)s of %(d)s, %(net)s %(cur)s.") % {
        "n": payout.payment_order_number,
        "d": date_format(payout.paid_at),
        "net": payout.net,
        "cur": payout.currency_id,
    }
    if payout.tax_regime == "self_employed":
        body += " " + _("Please upload your receipt by %(d)s.") % {
            "d": date_format(payout.receipt_due_date)
        }
    notify(
        recipients=[user],
        title=_("Your fee for act № %(act)s has been paid") % {"act": payout.act.number},
        body=body,
        url=reverse("payments:cabinet_detail", args=[payout.pk]),
        dedup_key=f"payout-paid-{payout.pk}",
    )


def payouts_send_daily_digest(*, today=None) -> int:
    """One message a day per accountant: payouts due within three days and overdue ones."""
    today = today or timezone.localdate()
    due = Payout.objects.filter(status__in=OPEN, due_date__lte=today + timedelta(DIGEST_AHEAD_DAYS))
    count = due.count()
    if not count:
        return 0
    overdue = due.filter(due_date__lt=today).count()
    lines = [
        f"#{p.pk} {p.expert} — {p.net} {p.currency_id}, {date_format(p.due_date)}, "
        f"{p.get_status_display()}"
        for p in due.select_related("expert").order_by("due_date", "pk")[:DIGEST_LIST]
    ]
    sent = notify(
        recipients=finance_users(),
        title=_("Payouts: %(due)s due soon, %(over)s overdue")
        % {"due": count - overdue, "over": overdue},
        body="\n".join(lines),
        url=reverse("payments:list") + "?due=due",
        level="action" if overdue else "info",
        dedup_key=f"payout-digest-{today.isoformat()}",
    )
    return len(sent)


def payouts_escalate_overdue(*, today=None) -> int:
    """Payouts overdue by more than N days (setting) go to the finance head, once each."""
    today = today or timezone.localdate()
    days = payout_settings_on(today).escalation_days
    overdue = Payout.objects.filter(
        status__in=OPEN, due_date__lt=today - timedelta(days=days)
    ).select_related("expert", "act")
    recipients = finance_head(today)
    sent = 0
    for p in overdue:
        sent += len(
            notify(
                recipients=recipients,
                title=_("Overdue payout #%(id)s to %(expert)s: due %(due)s")
                % {"id": p.pk, "expert": p.expert, "due": date_format(p.due_date)},
                body=_("Status: %(s)s. %(reason)s")
                % {"s": p.get_status_display(), "reason": p.blocked_reason},
                url=_url(p),
                level="warning",
                dedup_key=f"payout-escalated-{p.pk}",
            )
        )
    return sent


def payouts_remind_receipts(*, today=None) -> int:
    """Self-employed receipts missing after their term: a task to the expert and the accountants."""
    today = today or timezone.localdate()
    missing = Payout.objects.filter(
        status=S.PAID, tax_regime="self_employed", receipt__isnull=True, receipt_due_date__lt=today
    ).select_related("expert__user", "act")
    sent = 0
    for p in missing:
        title = _("Receipt overdue for payout #%(id)s (act № %(act)s), due %(due)s") % {
            "id": p.pk,
            "act": p.act.number,
            "due": date_format(p.receipt_due_date),
        }
        body = _("Further payouts to the expert are blocked until the receipt is uploaded.")
        if p.expert.user:
            sent += len(
                notify(
                    recipients=[p.expert.user],
                    title=title,
                    body=body,
                    url=reverse("payments:cabinet_detail", args=[p.pk]),
                    level="action",
                    dedup_key=f"receipt-overdue-{p.pk}",
                )
            )
        sent += len(
            notify(
                recipients=finance_users(),
                title=title,
                body=body,
                url=_url(p),
                level="warning",
                dedup_key=f"receipt-overdue-{p.pk}",
            )
        )
    return sent
