"""File formats of the registries and the payment confirmations (docs/formats/*.md).

Writers take the registry and its payouts and return bytes; readers return one
`ConfirmationRowData` per row, with `error` set on a row that cannot be used (never dropped).
"""

import csv
import io
import xml.etree.ElementTree as ET  # nosec B405
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from django.utils.translation import gettext as _

from kolplatform.core.errors import DomainError
from kolplatform.core.exports import csv_writer
from payments import upstream

XML_NS = "urn:kolplatform:payments:registry:1"
CONFIRM_NS = "urn:kolplatform:payments:confirmation:1"
BANK_COLUMNS = [
    "line_no",
    "payout_id",
    "payee_name",
    "payee_inn",
    "account",
    "bik",
    "bank_name",
    "amount",
    "currency",
    "purpose",
]
CONFIRM_COLUMNS = [
    "registry_number",
    "line_no",
    "payout_id",
    "amount",
    "status",
    "payment_order_number",
    "paid_on",
    "reason",
]


class FormatError(DomainError):
    """The file as a whole cannot be read; the message says why."""


def _purpose(p) -> str:
    text = f"Вознаграждение по акту № {p.act.number} к договору № {p.contract.number}"
    if p.withholding:
        return f"{text}, НДФЛ удержан {p.withholding} руб."
    return f"{text}, НДФЛ не облагается (режим: {p.tax_regime})"


def _payment_element(root, n: int, p, bank: dict) -> None:
    """One <Payment> line of the registry: payee with bank details, contract, act, amounts."""
    item = ET.SubElement(root, "Payment", {"line": str(n), "payoutId": str(p.pk)})
    ET.SubElement(
        item,
        "Payee",
        {
            "fullName": p.expert.full_name,
            "inn": bank["inn"] or upstream.expert_inn(p.expert),
            "account": bank["account"],
            "bik": bank["bik"],
            "bank": bank["bank_name"],
            "corrAccount": bank["corr_account"],
            "taxRegime": p.tax_regime,
        },
    )
    ET.SubElement(
        item,
        "Contract",
        {"number": p.contract.number, "date": p.contract.starts_on.isoformat()},
    )
    ET.SubElement(item, "Act", {"number": p.act.number, "date": p.act.act_date.isoformat()})
    ET.SubElement(
        item,
        "Amounts",
        {
            "gross": str(p.gross),
            "withholding": str(p.withholding),
            "employerContributions": str(p.employer_contributions),
            "net": str(p.net),
        },
    )
    ET.SubElement(item, "Purpose").text = _purpose(p)


def registry_xml(*, registry, payouts, payer, payees) -> bytes:
    """The 1C registry; `payees`: the bank details of each payout by id (upstream.payees)."""
    root = ET.Element(
        "PaymentRegistry",
        {
            "xmlns": XML_NS,
            "number": registry.number,
            "date": date.today().isoformat(),
            "paymentDate": registry.payment_date.isoformat(),
            "currency": registry.currency_id,
            "count": str(registry.line_count),
            "totalGross": str(registry.total_gross),
            "totalWithholding": str(registry.total_withholding),
            "totalNet": str(registry.total_net),
        },
    )
    ET.SubElement(
        root,
        "Payer",
        {
            "name": payer.payer_name,
            "inn": payer.payer_inn,
            "kpp": payer.payer_kpp,
            "account": payer.payer_account,
            "bik": payer.payer_bik,
            "bank": payer.payer_bank,
        },
    )
    for n, p in enumerate(payouts, start=1):
        _payment_element(root, n, p, payees[p.pk])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def registry_csv(*, registry, payouts, payees) -> bytes:
    """The bank registry; `payees` as for registry_xml."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(BANK_COLUMNS)
    for n, p in enumerate(payouts, start=1):
        bank = payees[p.pk]
        writer.writerow(
            [
                n,
                p.pk,
                p.expert.full_name,
                bank["inn"] or upstream.expert_inn(p.expert),
                bank["account"],
                bank["bik"],
                bank["bank_name"],
                str(p.net),
                registry.currency_id,
                _purpose(p),
            ]
        )
    return out.getvalue().encode("utf-8")


@dataclass
class ConfirmationRowData:
    row_no: int
    raw: dict
    registry_number: str = ""
    line_no: int = 0
    payout_id: int = 0
    amount: Decimal = Decimal(0)
    paid: bool = False
    order_number: str = ""
    paid_on: date | None = None
    reason: str = ""
    error: str = field(default="")


def _row(row_no: int, raw: dict) -> ConfirmationRowData:
    """Validate one row; a problem becomes `error` with every cause listed."""
    row = ConfirmationRowData(row_no=row_no, raw={k: (v or "") for k, v in raw.items()})
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    problems = []
    row.registry_number = get("registry_number")
    if not row.registry_number:
        problems.append(_("no registry number"))
    for key, attr in (("line_no", "line_no"), ("payout_id", "payout_id")):
        try:
            setattr(row, attr, int(get(key)))
        except ValueError:
            problems.append(_("%(col)s is not a whole number") % {"col": key})
    try:
        row.amount = Decimal(get("amount").replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        problems.append(_("amount is not a number"))
    status = get("status").lower()
    if status not in ("paid", "failed"):
        problems.append(_("status must be «paid» or «failed»"))
    row.paid = status == "paid"
    row.order_number = get("payment_order_number")
    row.reason = get("reason")
    if row.paid:
        if not row.order_number:
            problems.append(_("a paid row needs the payment order number"))
        try:
            row.paid_on = date.fromisoformat(get("paid_on"))
        except ValueError:
            problems.append(_("paid_on must be a date YYYY-MM-DD"))
    elif status == "failed" and not row.reason:
        problems.append(_("a failed row needs the reason"))
    row.error = "; ".join(str(p) for p in problems)
    return row


def guess_format(data: bytes) -> str:
    return "1c_xml" if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") else "bank_csv"


def confirmation_parse(data: bytes) -> tuple[str, list[ConfirmationRowData]]:
    """(format, rows) of a confirmation file: 1C XML or bank CSV."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(_("The file is not UTF-8 text.")) from exc
    fmt = guess_format(data)
    rows = _parse_xml(text) if fmt == "1c_xml" else _parse_csv(text)
    if not rows:
        raise FormatError(_("The file has no payment rows."))
    return fmt, rows


def _parse_csv(text: str) -> list[ConfirmationRowData]:
    """A row the csv module cannot read (a field above its size limit, a broken quote) makes the
    file unreadable, named by its row, as in kolplatform.core.import_files.csv_rows."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    try:
        missing = set(CONFIRM_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise FormatError(
                _("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))}
            )
        return [_row(n, raw) for n, raw in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise FormatError(
            _("Row %(row)s cannot be read: %(error)s. Values may be up to %(max)s characters.")
            % {"row": reader.reader.line_num, "error": exc, "max": csv.field_size_limit()}
        ) from exc


def _parse_xml(text: str) -> list[ConfirmationRowData]:
    """Uploaded XML is parsed by defusedxml (no DTD, no entities); the standard ElementTree
    imported above only writes our own registry files."""
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise FormatError(_("XML with a DOCTYPE or entities is not accepted."))
    try:
        root = DefusedET.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FormatError(_("XML with a DOCTYPE or entities is not accepted.")) from exc
    except ET.ParseError as exc:
        raise FormatError(_("The XML cannot be read: %(e)s") % {"e": exc}) from exc
    if root.tag not in (f"{{{CONFIRM_NS}}}PaymentConfirmation", "PaymentConfirmation"):
        raise FormatError(_("The root element must be PaymentConfirmation."))
    registry = root.get("registry", "")
    rows = []
    for n, el in enumerate(list(root), start=1):
        raw = {
            "registry_number": registry,
            "line_no": el.get("line"),
            "payout_id": el.get("payoutId"),
            "amount": el.get("amount"),
            "status": el.get("status"),
            "payment_order_number": el.get("orderNumber"),
            "paid_on": el.get("paidOn"),
            "reason": el.get("reason"),
        }
        rows.append(_row(n, raw))
    return rows


def confirmation_csv(rows: list[dict]) -> bytes:
    """A confirmation file in the bank layout (used by the demo data and by tests)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CONFIRM_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
