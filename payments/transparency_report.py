"""The transparency report of one calendar year: every transfer of value per expert (reads).

Cash basis: a transfer counts in the year the money left — a fee by the payout's payment date
(`paid_in_year_q`), a cost paid to a vendor on an expert's behalf by the date the vendor was paid
(`VendorRequest.paid_on`, recorded by finance). A confirmed vendor cost for a person without a
payment date is in no year yet: the report counts those apart so that nothing is silently left
out. A cost is the expert's when the vendor request is for them: as a speaker (`speaker`) or as a
participant (`traveller`, its expert); a participant without an expert record is a recipient who
is never named. Classification: payments/transparency.py.

Named disclosure: an expert is named when the consent in force now (the latest given, not
withdrawn: experts.consent.consent_current) allows it; everyone else is in ONE aggregate row
that keeps, per category, the amount, the number of recipients and their share of all recipients
of that category (EFPIA template, aggregate disclosure).
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import VendorRequest
from experts.models import Consent, Expert
from kolplatform.core.exports import csv_writer, xlsx_append
from payments.models import Payout
from payments.selectors import paid_in_year_q
from payments.transparency import (
    EFPIA_LABELS,
    EXPERT_CATEGORIES,
    Efpia,
    Source,
    classify,
    person_cost_categories,
)

PAID_VENDOR_STATUSES = (VendorRequest.Status.CONFIRMED, VendorRequest.Status.DONE)
PERSON_KINDS = [
    kind
    for kind, category in VendorRequest.CATEGORY.items()
    if category in person_cost_categories()
]
ORGANISATIONS_NOTE = _(
    "The platform keeps no record of donations or grants to organisations (no such source is "
    "recorded), so this category is empty; it is not evidence that none were made."
)


@dataclass
class Cell:
    amount: Decimal = Decimal("0.00")
    count: int = 0
    natures: set = field(default_factory=set)

    @property
    def nature_text(self) -> str:
        return "; ".join(sorted(self.natures))


@dataclass
class ExpertRow:
    expert_id: int
    name: str
    cells: dict  # Efpia -> Cell

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.cells.values()), Decimal("0.00"))

    def cell_list(self):
        return [self.cells.get(c, Cell()) for c in EXPERT_CATEGORIES]


@dataclass
class AggregateCell:
    amount: Decimal
    recipients: int
    share: Decimal  # share of all recipients of the category, per cent


@dataclass
class TransparencyReport:
    year: int
    rows: list  # ExpertRow, named, by name
    aggregate: list  # AggregateCell per EXPERT_CATEGORIES
    undated_count: int
    undated_amount: Decimal
    organisations: list = field(default_factory=list)

    @property
    def organisations_note(self) -> str:
        return str(ORGANISATIONS_NOTE)

    @property
    def categories(self):
        return [EFPIA_LABELS[c] for c in EXPERT_CATEGORIES]

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal("0.00")) + sum(
            (a.amount for a in self.aggregate), Decimal("0.00")
        )


def _add(cells, recipient, classified, amount, count):
    cell = cells[recipient].setdefault(classified.efpia, Cell())
    cell.amount += amount or 0
    cell.count += count
    cell.natures.add(str(classified.nature))


def _fees(cells, year):
    rows = (
        Payout.objects.filter(paid_in_year_q([year]))
        .values_list("expert_id", "act__order__service_type")
        .annotate(total=Sum("gross"), n=Count("id"))
        .order_by()
    )
    for expert_id, service_type, total, n in rows:
        _add(cells, ("e", expert_id), classify(Source.FEE, service_type=service_type), total, n)


def _vendor_costs(cells, year):
    rows = (
        VendorRequest.objects.filter(
            status__in=PAID_VENDOR_STATUSES, kind__in=PERSON_KINDS, paid_on__year=year
        )
        .values_list(
            "speaker_id",
            "traveller_id",
            "traveller__expert_id",
            "kind",
            "budget_line__service_order__contract__expert_id",
        )
        .annotate(total=Sum("confirmed_amount"), n=Count("id"))
        .order_by()
    )
    for speaker_id, traveller_id, traveller_expert_id, kind, order_expert_id, total, n in rows:
        expert_id = speaker_id or traveller_expert_id
        if expert_id is None and traveller_id is None:
            continue  # a cost of the event, for nobody in particular
        recipient = ("e", expert_id) if expert_id else ("p", traveller_id)
        source = (
            Source.CONTRACT_EXPENSE
            if expert_id and order_expert_id == expert_id
            else Source.EVENT_COST
        )
        category = VendorRequest.CATEGORY[kind]
        _add(cells, recipient, classify(source, budget_category=category), total, n)


def _named(expert_ids) -> set[int]:
    """Experts whose consent in force now allows named disclosure (consent_current, in bulk)."""
    latest = {}
    consents = (
        Consent.objects.filter(expert_id__in=expert_ids, given_at__lte=timezone.now())
        .order_by("expert_id", "given_at", "pk")
        .values_list("expert_id", "allows_named_disclosure", "withdrawn_at")
    )
    for expert_id, allows, withdrawn_at in consents:
        latest[expert_id] = allows and withdrawn_at is None
    return {e for e, allows in latest.items() if allows}


def _aggregate(cells, named_keys) -> list[AggregateCell]:
    result = []
    for category in EXPERT_CATEGORIES:
        having = [k for k, c in cells.items() if category in c]
        hidden = [k for k in having if k not in named_keys]
        amount = sum((cells[k][category].amount for k in hidden), Decimal("0.00"))
        share = (
            (Decimal(100) * len(hidden) / len(having)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if having
            else Decimal("0.0")
        )
        result.append(AggregateCell(amount, len(hidden), share))
    return result


def _undated():
    return (
        VendorRequest.objects.filter(
            status__in=PAID_VENDOR_STATUSES,
            kind__in=PERSON_KINDS,
            paid_on__isnull=True,
        )
        .exclude(speaker__isnull=True, traveller__isnull=True)
        .aggregate(n=Count("id"), total=Sum("confirmed_amount"))
    )


def transparency_report(*, year: int) -> TransparencyReport:
    """Every transfer of value of `year` (cash basis): named rows and the aggregate row."""
    cells = defaultdict(dict)  # ("e", expert_id) | ("p", participant_id) -> {Efpia: Cell}
    _fees(cells, year)
    _vendor_costs(cells, year)
    named_ids = _named([k[1] for k in cells if k[0] == "e"])
    names = {
        e.pk: e.full_name
        for e in Expert.objects.filter(pk__in=named_ids).only(
            "pk", "last_name", "first_name", "middle_name"
        )
    }
    named_keys = {("e", pk) for pk in named_ids}
    rows = sorted(
        (ExpertRow(k[1], names[k[1]], cells[k]) for k in named_keys),
        key=lambda r: (r.name, r.expert_id),
    )
    undated = _undated()
    return TransparencyReport(
        year=year,
        rows=rows,
        aggregate=_aggregate(cells, named_keys),
        undated_count=undated["n"],
        undated_amount=undated["total"] or Decimal("0.00"),
    )


# --- Export ----------------------------------------------------------------------------------

AGGREGATE = _("Aggregate: experts without consent to named disclosure")


def report_table(report: TransparencyReport) -> list[list]:
    """The rows of the CSV/XLSX export: the EFPIA template per expert (amount and nature of
    payment per category), the three aggregate rows, then organisations."""
    header = [str(_("Recipient"))]
    for label in report.categories:
        header += [f"{label}, RUB", f"{label}: {_('nature of payment')}"]
    header.append(str(_("Total, RUB")))
    table = [header]
    for row in report.rows:
        line = [row.name]
        for cell in row.cell_list():
            line += [cell.amount, cell.nature_text]
        table.append([*line, row.total])
    agg = report.aggregate
    for label, values in (
        (_("amount, RUB"), [a.amount for a in agg]),
        (_("number of recipients"), [a.recipients for a in agg]),
        (_("share of all recipients of the category, per cent"), [a.share for a in agg]),
    ):
        line = [f"{AGGREGATE}: {label}"]
        for value in values:
            line += [value, ""]
        table.append(line)
    table.append([str(EFPIA_LABELS[Efpia.DONATIONS_GRANTS]), str(report.organisations_note)])
    return table


def transfers_csv(report: TransparencyReport) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    for line in report_table(report):
        writer.writerow([str(v) for v in line])
    return out.getvalue().encode("utf-8-sig")


def transfers_xlsx(report: TransparencyReport) -> bytes:
    # openpyxl loads at call time: only when a workbook is read or written.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(report.year)
    for line in report_table(report):
        xlsx_append(ws, [v if isinstance(v, Decimal | int) else str(v) for v in line])
    ws.column_dimensions["A"].width = 45
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
