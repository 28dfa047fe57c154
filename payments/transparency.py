"""Transfers of value to experts per year (issue 6 §8), EFPIA and CMS Open Payments style.

Fees: paid payouts by service type. Travel, accommodation and meals: event budget lines tied to
a service order of the expert (events.BudgetLine.service_order), their actual cost. An expert who
has not consented to named disclosure (Consent.allows_named_disclosure) is not named: their
amounts go into an aggregate row per category, as the EFPIA Disclosure Code requires.
"""

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from events.models import BudgetCategory, BudgetLine
from experts.models import Consent, Expert, ServiceType
from kolplatform.core.exports import csv_writer, xlsx_append
from payments.models import Payout
from payments.selectors import paid_in_year_q

EFPIA_FEES = _("Fee for service and consultancy: fees")
EFPIA_EXPENSES = _("Fee for service and consultancy: related expenses")
EFPIA_EVENT_TRAVEL = _("Contribution to costs of events: travel and accommodation")
EFPIA_EVENT_REGISTRATION = _("Contribution to costs of events: registration fees")

FEE_NATURE = {
    ServiceType.LECTURE: _("Compensation for serving as faculty or as a speaker"),
    ServiceType.ADVISORY_BOARD: _("Consulting fee"),
    ServiceType.CONSULTING: _("Consulting fee"),
    ServiceType.PUBLICATION: _("Honoraria"),
    ServiceType.TRAINING: _("Education"),
}
EXPENSE_CATEGORIES = {
    BudgetCategory.TRAVEL: (EFPIA_EVENT_TRAVEL, _("Travel and lodging")),
    BudgetCategory.TRANSFERS: (EFPIA_EVENT_TRAVEL, _("Travel and lodging")),
    BudgetCategory.ACCOMMODATION: (EFPIA_EVENT_TRAVEL, _("Travel and lodging")),
    BudgetCategory.CATERING: (EFPIA_EXPENSES, _("Food and beverage")),
}
AGGREGATE = _("Aggregate: experts without consent to named disclosure")


@dataclass
class TransferRow:
    expert_id: int | None
    recipient: str
    efpia_category: str
    nature: str
    amount: Decimal
    count: int


def _named_experts(expert_ids) -> set[int]:
    latest = {}
    for c in Consent.objects.filter(expert_id__in=expert_ids).order_by("given_at"):
        latest[c.expert_id] = c
    return {e for e, c in latest.items() if c.allows_named_disclosure and c.withdrawn_at is None}


def transfers_of_value(*, year: int) -> list[TransferRow]:
    """All transfers of value in `year`, named where allowed, aggregated otherwise."""
    raw = defaultdict(lambda: [Decimal(0), 0])
    fees = (
        Payout.objects.filter(paid_in_year_q([year]))
        .values_list("expert_id", "act__order__service_type")
        .annotate(total=Sum("gross"), n=Count("id"))
    )
    for expert_id, service, total, n in fees:
        key = (expert_id, str(EFPIA_FEES), str(FEE_NATURE.get(service, _("Consulting fee"))))
        raw[key][0] += total
        raw[key][1] += n
    expenses = (
        BudgetLine.objects.filter(
            service_order__isnull=False,
            category__in=list(EXPENSE_CATEGORIES),
            event__starts_at__year=year,
        )
        .values_list("service_order__contract__expert_id", "category")
        .annotate(total=Sum("actual"))
    )
    for expert_id, category, total in expenses:
        efpia, nature = EXPENSE_CATEGORIES[category]
        key = (expert_id, str(efpia), str(nature))
        raw[key][0] += total or 0
        raw[key][1] += 1
    expert_ids = {k[0] for k in raw}
    named = _named_experts(expert_ids)
    names = {
        e.pk: e.full_name
        for e in Expert.objects.filter(pk__in=named).only(
            "pk", "last_name", "first_name", "middle_name"
        )
    }
    rows, aggregate = [], defaultdict(lambda: [Decimal(0), 0])
    for (expert_id, efpia, nature), (amount, count) in sorted(raw.items()):
        if expert_id in named:
            rows.append(TransferRow(expert_id, names[expert_id], efpia, nature, amount, count))
        else:
            aggregate[(efpia, nature)][0] += amount
            aggregate[(efpia, nature)][1] += count
    rows.sort(key=lambda r: (r.recipient, r.efpia_category, r.nature))
    for (efpia, nature), (amount, count) in sorted(aggregate.items()):
        rows.append(TransferRow(None, str(AGGREGATE), efpia, nature, amount, count))
    return rows


HEADER = [
    _("Recipient"),
    _("EFPIA category"),
    _("Nature of payment"),
    _("Amount, RUB"),
    _("Transfers"),
]


def transfers_csv(rows: list[TransferRow]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(h) for h in HEADER])
    for r in rows:
        writer.writerow([r.recipient, r.efpia_category, r.nature, str(r.amount), r.count])
    return out.getvalue().encode("utf-8-sig")


def transfers_xlsx(rows: list[TransferRow], *, year: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append([str(h) for h in HEADER])
    for r in rows:
        xlsx_append(ws, [r.recipient, r.efpia_category, r.nature, r.amount, r.count])
    for col, width in zip("ABCDE", (40, 55, 50, 16, 10), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
