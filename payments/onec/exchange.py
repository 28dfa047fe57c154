"""1CClientBankExchange 1.03: payment orders out (to the bank, from 1C:Accounting's bank
exchange) and bank statements in (docs/integrations.md, «1C and the bank»).

A file is lines `Key=Value` in Windows-1251 ending with CRLF: the header, optional account
sections (`СекцияРасчСчет` ... `КонецРасчСчет`, in a statement), one `СекцияДокумент=<kind>` ...
`КонецДокумента` per document, and `КонецФайла`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from payments.onec.text import ENCODING, OnecFormatError, clean, decode

MAGIC = "1CClientBankExchange"
VERSION = "1.03"
PAYMENT_ORDER = "Платежное поручение"
PAYMENT_KIND = "01"  # ВидОплаты: платёжное поручение
PRIORITY = "5"  # Очередность: прочие платежи (ГК РФ ст. 855 п. 2)
PURPOSE_MAX = 210
NAME_MAX = 160
MAX_LINE = 2000
MAX_DOCUMENTS = 20_000


@dataclass(frozen=True)
class Party:
    """Requisites of a payer or a payee."""

    name: str
    inn: str
    account: str
    bik: str
    bank: str
    corr_account: str
    kpp: str = ""
    bank_city: str = ""


@dataclass(frozen=True)
class Order:
    """One payment order; `ref` names it in an error («Payout #42»)."""

    number: str
    on: date
    amount: Decimal
    payee: Party
    purpose: str
    ref: str


def _d(on: date) -> str:
    return on.strftime("%d.%m.%Y")


def _party_lines(prefix: str, party: Party, *, ref: str, with_kpp: bool) -> list[tuple[str, str]]:
    def c(value, name, limit=None):
        return clean(value, ref=ref, field=f"{prefix}{name}", max_length=limit)

    title = c(party.name, "1", NAME_MAX)
    lines = [
        (f"{prefix}Счет", c(party.account, "Счет")),
        (prefix, f"ИНН {c(party.inn, 'ИНН')} {title}".strip() if with_kpp else title),
        (f"{prefix}ИНН", c(party.inn, "ИНН")),
    ]
    if with_kpp:
        lines.append((f"{prefix}КПП", c(party.kpp, "КПП")))
    return lines + [
        (f"{prefix}1", title),
        (f"{prefix}РасчСчет", c(party.account, "РасчСчет")),
        (f"{prefix}Банк1", c(party.bank, "Банк1", NAME_MAX)),
        (f"{prefix}Банк2", c(party.bank_city, "Банк2", NAME_MAX)),
        (f"{prefix}БИК", c(party.bik, "БИК")),
        (f"{prefix}Корсчет", c(party.corr_account, "Корсчет")),
    ]


def _order_lines(order: Order, payer: Party) -> list[tuple[str, str]]:
    ref = order.ref
    return [
        ("СекцияДокумент", PAYMENT_ORDER),
        ("Номер", clean(order.number, ref=ref, field="Номер")),
        ("Дата", _d(order.on)),
        ("Сумма", f"{order.amount:.2f}"),
        *_party_lines("Плательщик", payer, ref=ref, with_kpp=True),
        *_party_lines("Получатель", order.payee, ref=ref, with_kpp=False),
        ("ВидОплаты", PAYMENT_KIND),
        ("Очередность", PRIORITY),
        (
            "НазначениеПлатежа",
            clean(order.purpose, ref=ref, field="НазначениеПлатежа", max_length=PURPOSE_MAX),
        ),
        ("КонецДокумента", None),
    ]


def payment_orders_file(*, orders: list[Order], payer: Party, created: datetime) -> bytes:
    """The file of payment orders that 1C:Accounting's bank exchange loads and sends."""
    if not orders:
        raise OnecFormatError(_("No payment orders to write."))
    dates = [o.on for o in orders]
    lines: list[tuple[str, str | None]] = [
        (MAGIC, None),
        ("ВерсияФормата", VERSION),
        ("Кодировка", "Windows"),
        ("Отправитель", "kolplatform"),
        ("Получатель", ""),
        ("ДатаСоздания", _d(created.date())),
        ("ВремяСоздания", created.strftime("%H:%M:%S")),
        ("ДатаНачала", _d(min(dates))),
        ("ДатаКонца", _d(max(dates))),
        ("РасчСчет", clean(payer.account, ref=_("Payer settings"), field="РасчСчет")),
        ("Документ", PAYMENT_ORDER),
    ]
    for order in orders:
        lines += _order_lines(order, payer)
    lines.append(("КонецФайла", None))
    text = "".join(key + "\r\n" if value is None else f"{key}={value}\r\n" for key, value in lines)
    return text.encode(ENCODING)


@dataclass
class ExchangeFile:
    """A file as read: the header, the account sections and the documents (kind, fields, line
    where the document starts), every value a string as written."""

    header: dict = field(default_factory=dict)
    accounts: list[dict] = field(default_factory=list)
    documents: list[tuple[str, dict, int]] = field(default_factory=list)


def _split(line: str, n: int) -> tuple[str, str]:
    if len(line) > MAX_LINE:
        raise OnecFormatError(
            _("Line %(n)s is longer than %(max)s characters.") % {"n": n, "max": MAX_LINE}
        )
    key, sep, value = line.partition("=")
    return key.strip(), value.strip() if sep else ""


def parse(data: bytes) -> ExchangeFile:
    """Read a 1CClientBankExchange file (payment orders or a statement); refuses what is not one."""
    lines = decode(data).splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != MAGIC:
        raise OnecFormatError(_("The file does not start with «1CClientBankExchange»."))
    result = ExchangeFile()
    current: dict | None = None
    for n, line in enumerate(lines[first + 1 :], start=first + 2):
        key, value = _split(line, n)
        if not key:
            continue
        if key == "КонецФайла":
            return _checked(result)
        if key in ("СекцияДокумент", "СекцияРасчСчет"):
            current = {}
            if key == "СекцияДокумент":
                result.documents.append((value, current, n))
            else:
                result.accounts.append(current)
            if len(result.documents) > MAX_DOCUMENTS:
                raise OnecFormatError(_("More than %(max)s documents.") % {"max": MAX_DOCUMENTS})
        elif key in ("КонецДокумента", "КонецРасчСчет"):
            current = None
        else:
            (result.header if current is None else current).setdefault(key, value)
    raise OnecFormatError(_("The file ends without «КонецФайла»; it may be cut off."))


def _checked(result: ExchangeFile) -> ExchangeFile:
    version = result.header.get("ВерсияФормата", "")
    if not version.startswith("1."):
        raise OnecFormatError(
            _("Format version «%(v)s» is not supported (1.0x expected).") % {"v": version}
        )
    return result
