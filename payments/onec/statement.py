"""A bank statement in 1CClientBankExchange as the confirmation of our payment orders.

Each `СекцияДокумент` of the statement becomes one `StatementRow` (none dropped; a row that cannot
be used carries `error`). A row confirms a payout when a payment order we wrote has the same
number and date, the same amount, and the same payee (`payee_matches`), and the statement shows
it debited (`ДатаСписано`).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from payments.onec.exchange import ExchangeFile

RAW_KEYS = (
    "Номер",
    "Дата",
    "Сумма",
    "ДатаСписано",
    "ПлательщикСчет",
    "ПолучательСчет",
    "ПолучательИНН",
    "Получатель1",
    "НазначениеПлатежа",
)


@dataclass
class StatementRow:
    row_no: int
    kind: str
    raw: dict
    number: str = ""
    on: date | None = None
    amount: Decimal | None = None
    debited_on: date | None = None
    payee_account: str = ""
    payee_inn: str = ""
    error: str = ""


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%d.%m.%Y").date()
    except ValueError:
        return None


def _amount(value: str) -> Decimal | None:
    try:
        amount = Decimal(value.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:
        return None
    return amount


def statement_rows(exchange: ExchangeFile) -> list[StatementRow]:
    """One row per document of the statement, in file order, each value cut to 300 characters."""
    rows = []
    for n, (kind, fields, _line) in enumerate(exchange.documents, start=1):
        raw = {"СекцияДокумент": kind[:300]} | {k: fields.get(k, "")[:300] for k in RAW_KEYS}
        row = StatementRow(row_no=n, kind=kind, raw=raw, number=raw["Номер"].strip())
        row.on = _date(raw["Дата"])
        row.amount = _amount(raw["Сумма"])
        row.debited_on = _date(raw["ДатаСписано"]) if raw["ДатаСписано"].strip() else None
        row.payee_account = raw["ПолучательСчет"].strip()
        row.payee_inn = raw["ПолучательИНН"].strip()
        problems = []
        if not row.number:
            problems.append(_("no number"))
        if row.on is None:
            problems.append(_("Дата is not a date DD.MM.YYYY"))
        if row.amount is None:
            problems.append(_("Сумма is not a positive amount with at most two decimals"))
        if raw["ДатаСписано"].strip() and row.debited_on is None:
            problems.append(_("ДатаСписано is not a date DD.MM.YYYY"))
        if row.debited_on and row.on and row.debited_on < row.on:
            problems.append(_("ДатаСписано is before the order's Дата"))
        row.error = "; ".join(str(p) for p in problems)
        rows.append(row)
    return rows


def payee_matches(*, sent_account: str, sent_inn: str, got_account: str, got_inn: str) -> bool:
    """The statement's payee is the one of our order: every identifier present on both sides is
    equal, and at least one (the account or the INN) is present on both."""
    pairs = [(sent_account, got_account), (sent_inn, got_inn)]
    compared = [(a, b) for a, b in pairs if a and b]
    return bool(compared) and all(a == b for a, b in compared)
