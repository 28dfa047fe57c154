"""Payouts in an evidence pack (kolplatform/core/evidence.py): the payouts of an event's
speakers, or those paid to an expert in a year (payments.selectors.paid_in_year_q), with the
self-employed receipts and entrepreneurs' invoices they rest on."""

from django.utils.translation import gettext as _

from events.evidence import event_orders
from kolplatform.core.evidence import csv_file, document_file, safe_part
from payments.models import Payout
from payments.selectors import paid_in_year_q

COLUMNS = [
    "expert", "act", "order", "status", "tax_regime", "gross", "withholding",
    "employer_contributions", "net", "currency", "due_date", "paid_at", "payment_order",
    "receipt", "invoice",
]  # fmt: skip


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def payouts_evidence(payouts):
    rows, files = [], []
    payouts = payouts.select_related("expert", "act__order", "receipt", "invoice")
    for p in payouts.order_by("pk"):
        folder = f"payouts/{safe_part(p.expert.full_name)}-{safe_part(p.act.number)}"
        receipt = document_file(f"{folder}-receipt", _("Receipt for %(act)s") % {"act": p.act},
                                p.receipt)  # fmt: skip
        invoice = document_file(f"{folder}-invoice", _("Invoice for %(act)s") % {"act": p.act},
                                p.invoice)  # fmt: skip
        files += receipt + invoice
        rows.append(
            [p.expert.full_name, p.act.number, p.act.order.number, p.get_status_display(),
             p.get_tax_regime_display(), p.gross, p.withholding, p.employer_contributions, p.net,
             p.currency_id, _day(p.due_date), _day(p.paid_at), p.payment_order_number,
             receipt[0].path if receipt else "", invoice[0].path if invoice else ""]
        )  # fmt: skip
    yield csv_file("payouts/payouts.csv", _("Payouts"), COLUMNS, rows)
    yield from files


def event_payouts(*, event):
    """EVIDENCE_EVENT of payments: the payouts for the acts of the event's speakers."""
    yield from payouts_evidence(Payout.objects.filter(act__order__in=event_orders(event)))


def expert_year_payouts(*, expert, year: int):
    """EVIDENCE_EXPERT_YEAR of payments: what was paid to the expert in `year`."""
    yield from payouts_evidence(Payout.objects.filter(paid_in_year_q([year]), expert=expert))
