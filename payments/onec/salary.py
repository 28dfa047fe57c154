"""The salary-project registry of 1C (standard edi_stnd/109, «СчетаПК»): transfers to the card
accounts of individuals under the company's salary-project contract with its bank.

Root `СчетаПК` (namespace http://v8.1c.ru/edi/edi_stnd/109) with the contract and the company as
attributes; `ЗачислениеЗарплаты` with one `Сотрудник Нпп="n"` per transfer (Фамилия, Имя,
Отчество, ОтделениеБанка, ЛицевойСчет, Сумма, КодВидаДохода); `КонтрольныеСуммы` with
`КоличествоЗаписей` and `СуммаИтого`. The bank-specific codes come from the payout settings.
"""

import xml.etree.ElementTree as ET  # nosec B405 (writes our own file; reading uses defusedxml)
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from django.utils.translation import gettext as _

from payments.onec.text import ENCODING, OnecFormatError, clean

NS = "http://v8.1c.ru/edi/edi_stnd/109"
CARD_ACCOUNT_PREFIXES = ("40817", "40820")  # счета физических лиц (резиденты, нерезиденты)


@dataclass(frozen=True)
class Transfer:
    last_name: str
    first_name: str
    middle_name: str
    account: str
    amount: Decimal
    ref: str


@dataclass(frozen=True)
class SalaryHeader:
    registry_number: str
    registry_date: date
    company_name: str
    company_inn: str
    company_account: str
    company_bik: str
    contract_number: str
    contract_date: date | None
    primary_document_id: str
    bank_branch: str = ""
    income_code: str = "1"


def is_card_account(account: str) -> bool:
    return len(account) == 20 and account.isdigit() and account.startswith(CARD_ACCOUNT_PREFIXES)


def _text(parent, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _employee(parent, n: int, t: Transfer, h: SalaryHeader) -> None:
    el = ET.SubElement(parent, "Сотрудник", {"Нпп": str(n)})
    for tag, value in (
        ("Фамилия", t.last_name),
        ("Имя", t.first_name),
        ("Отчество", t.middle_name),
    ):
        _text(el, tag, clean(value, ref=t.ref, field=tag, max_length=100))
    if h.bank_branch:
        _text(el, "ОтделениеБанка", clean(h.bank_branch, ref=t.ref, field="ОтделениеБанка"))
    _text(el, "ЛицевойСчет", clean(t.account, ref=t.ref, field="ЛицевойСчет"))
    _text(el, "Сумма", f"{t.amount:.2f}")
    _text(el, "КодВидаДохода", clean(h.income_code, ref=t.ref, field="КодВидаДохода"))


def salary_registry_file(*, header: SalaryHeader, transfers: list[Transfer], formed: date) -> bytes:
    """The registry as bytes (XML, Windows-1251)."""
    h = header
    root = ET.Element(
        "СчетаПК",
        {
            "xmlns": NS,
            "ДатаФормирования": formed.isoformat(),
            "НомерДоговора": clean(h.contract_number, field="НомерДоговора"),
            "ДатаДоговора": h.contract_date.isoformat() if h.contract_date else "",
            "НаименованиеОрганизации": clean(h.company_name, field="НаименованиеОрганизации"),
            "ИНН": h.company_inn,
            "РасчетныйСчетОрганизации": h.company_account,
            "БИК": h.company_bik,
            "ИдПервичногоДокумента": clean(h.primary_document_id or h.registry_number),
            "НомерРеестра": h.registry_number,
            "ДатаРеестра": h.registry_date.isoformat(),
        },
    )
    payroll = ET.SubElement(root, "ЗачислениеЗарплаты")
    for n, transfer in enumerate(transfers, start=1):
        _employee(payroll, n, transfer, h)
    sums = ET.SubElement(root, "КонтрольныеСуммы")
    _text(sums, "КоличествоЗаписей", str(len(transfers)))
    _text(sums, "СуммаИтого", f"{sum((t.amount for t in transfers), Decimal(0)):.2f}")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="windows-1251"?>\r\n{body}\r\n'.encode(ENCODING)


@dataclass
class SalaryRegistry:
    attributes: dict
    transfers: list[dict]
    count: int
    total: Decimal


def salary_registry_parse(data: bytes) -> SalaryRegistry:
    """Read a registry back (defusedxml) and check its control sums against its lines."""
    try:
        root = DefusedET.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ET.ParseError) as exc:
        raise OnecFormatError(_("The XML cannot be read: %(e)s") % {"e": exc}) from exc
    q = f"{{{NS}}}"
    if root.tag != f"{q}СчетаПК":
        raise OnecFormatError(_("The root element must be СчетаПК."))
    transfers = [
        {child.tag.removeprefix(q): (child.text or "") for child in el} | {"Нпп": el.get("Нпп")}
        for el in root.iterfind(f"{q}ЗачислениеЗарплаты/{q}Сотрудник")
    ]
    try:
        count = int(root.findtext(f"{q}КонтрольныеСуммы/{q}КоличествоЗаписей") or "")
        total = Decimal(root.findtext(f"{q}КонтрольныеСуммы/{q}СуммаИтого") or "")
        lines_total = sum((Decimal(t.get("Сумма") or "") for t in transfers), Decimal(0))
    except (ValueError, InvalidOperation) as exc:
        raise OnecFormatError(_("A count or an amount is not a number.")) from exc
    if count != len(transfers) or total != lines_total:
        raise OnecFormatError(_("The control sums do not match the lines."))
    return SalaryRegistry(dict(root.attrib), transfers, count, total)
