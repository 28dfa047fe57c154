"""A bank statement in 1CClientBankExchange as the payment confirmation of our payment orders.

Each document of the statement is matched to a registry line by the payment order's number and
date (`RegistryLine.order_number`, the registry's payment date), then by amount and by payee
against the payment orders file we sent (payments.onec.statement.payee_matches). A match goes
through the same confirmation as the bank CSV (`registries._apply_row`: the payout's `mark_paid`
transition under its row lock), so importing the same statement twice changes nothing the second
time. Every document gets a result row: paid, already recorded, rejected (with the reason) or
not ours (an incoming payment, someone else's order).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from payments import formats
from payments.models import ConfirmationImport, ConfirmationRow, PaymentRegistry, RegistryLine
from payments.onec import exchange
from payments.onec.statement import StatementRow, payee_matches, statement_rows
from payments.onec.text import OnecFormatError
from payments.services.registries import (
    _apply_row,
    confirmation_import,
    record_outcomes,
    upload_store,
)

R = ConfirmationRow.Result


def is_exchange_file(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(exchange.MAGIC.encode("ascii"))


def confirmation_upload(*, data: bytes, name: str, actor) -> ConfirmationImport:
    """An uploaded confirmation of any kind: a 1C bank statement, else the bank CSV or 1C XML."""
    if is_exchange_file(data):
        return statement_import(data=data, name=name, actor=actor)
    return confirmation_import(data=data, name=name, actor=actor)


@transaction.atomic
def statement_import(*, data: bytes, name: str, actor) -> ConfirmationImport:
    """Read the statement and confirm every payout it shows paid; see the module docstring."""
    document = upload_store(data=data, name=name, actor=actor)
    fmt = ConfirmationImport.Format.ONEC_STATEMENT
    try:
        rows = statement_rows(exchange.parse(data))
        if not rows:
            raise OnecFormatError(_("The statement has no documents."))
    except OnecFormatError as exc:
        return ConfirmationImport.objects.create(
            document=document, file_format=fmt, imported_by=actor, error=exc.message
        )
    result = ConfirmationImport.objects.create(
        document=document, file_format=fmt, imported_by=actor
    )
    sent = _sent_orders(rows)
    outcomes = [_outcome(row, sent.get((row.number, row.on), []), actor) for row in rows]
    return record_outcomes(result, rows, outcomes, actor=actor)


@dataclass
class _Sent:
    line: RegistryLine
    account: str
    inn: str


def _sent_orders(rows: list[StatementRow]) -> dict[tuple, list[_Sent]]:
    """The payment orders we wrote with the statement's numbers and dates, by (number, date),
    each with the payee as written in the registry's payment orders file (read once per
    registry)."""
    lines = RegistryLine.objects.filter(
        order_number__in={r.number for r in rows if r.number},
        registry__payment_date__in={r.on for r in rows if r.on},
    ).select_related("registry__onec_document")
    payees: dict[int, dict] = {}
    sent: dict[tuple, list[_Sent]] = {}
    for line in lines:
        registry = line.registry
        if registry.pk not in payees:
            payees[registry.pk] = _payees_in_file(registry)
        account, inn = payees[registry.pk].get(line.order_number, ("", ""))
        key = (line.order_number, registry.payment_date)
        sent.setdefault(key, []).append(_Sent(line, account, inn))
    return sent


def _payees_in_file(registry) -> dict[str, tuple[str, str]]:
    """{order number: (payee account, payee INN)} of the registry's payment orders file."""
    if registry.bank_format != PaymentRegistry.BankFormat.PAYMENT_ORDERS:
        return {}
    with registry.onec_document.file.open("rb") as f:
        documents = exchange.parse(f.read()).documents
    return {
        d.get("Номер", ""): (d.get("ПолучательСчет", ""), d.get("ПолучательИНН", ""))
        for _k, d, _n in documents
    }


def _outcome(row: StatementRow, candidates: list[_Sent], actor):
    """(payout, result, message) of one statement document."""
    if row.error:
        return None, R.REJECTED, row.error
    if not candidates:
        return (
            None,
            R.UNKNOWN,
            _("No payment order № %(n)s of %(d)s among the exported payouts.")
            % {"n": row.number, "d": row.on.strftime("%d.%m.%Y")},
        )
    same_amount = [c for c in candidates if c.line.amount == row.amount]
    if not same_amount:
        first = candidates[0].line
        return (
            first.payout,
            R.REJECTED,
            _("Amount %(got)s differs from the payment order amount %(exp)s.")
            % {"got": row.amount, "exp": first.amount},
        )
    matched = [
        c
        for c in same_amount
        if payee_matches(
            sent_account=c.account,
            sent_inn=c.inn,
            got_account=row.payee_account,
            got_inn=row.payee_inn,
        )
    ]
    if len(matched) != 1:
        return (
            same_amount[0].line.payout,
            R.REJECTED,
            _("The payee (account %(a)s, INN %(i)s) is not the one of our payment order.")
            % {"a": row.payee_account or "—", "i": row.payee_inn or "—"},
        )
    if row.debited_on is None:
        return (
            matched[0].line.payout,
            R.REJECTED,
            _("The statement does not show it debited (no ДатаСписано)."),
        )
    return _apply_row(_confirmation(row, matched[0].line), actor=actor)


def _confirmation(row: StatementRow, line: RegistryLine) -> formats.ConfirmationRowData:
    return formats.ConfirmationRowData(
        row_no=row.row_no,
        raw=row.raw,
        registry_number=line.registry.number,
        line_no=line.line_no,
        payout_id=line.payout_id,
        amount=row.amount,
        paid=True,
        order_number=row.number,
        paid_on=row.debited_on,
    )
