"""Payment registries: export of approved payouts for 1C and the bank, import of confirmations.

Formats: docs/formats/1c-registry.md and docs/formats/bank-registry.md. A registry is written
once, in one transaction, with both files stored as Documents (SHA-256); a payout enters a registry
only from «approved» by a compare-and-swap, so two accountants exporting the same payouts at the
same moment make one registry and the other gets an error naming the payouts.
"""

import uuid
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.bulk import insert_rows, update_rows
from kolplatform.core.documents import document_store
from kolplatform.core.models import AuditLog, Document
from payments import formats, upstream
from payments.bulk import audit_rows
from payments.models import (
    ConfirmationImport,
    ConfirmationRow,
    PaymentRegistry,
    Payout,
    RegistryLine,
)
from payments.services import onec_export
from payments.services.payouts import PayoutError, _locked, _save, emit_status_changed
from payments.services.reminders import payout_notify_expert_paid
from payments.tax import receipt_due_date
from payments.tax_settings import payout_settings_on

S = Payout.Status
F = PaymentRegistry.BankFormat
IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _registry_number(on: date) -> str:
    return f"{on:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"


@transaction.atomic
def registry_export(
    *, payout_ids, actor, payment_date: date | None = None, bank_format: str = F.ACCRUAL
) -> PaymentRegistry:
    """Put the selected approved payouts into a new registry and write its files: always our
    accrual XML and the bank CSV, and with `bank_format` the 1C payment orders or the
    salary-project registry (payments.services.onec_export)."""
    if bank_format not in F.values:
        raise PayoutError(_("Unknown export format."))
    payouts = _approved_locked(payout_ids)
    today = timezone.localdate()
    payment_date = payment_date or today
    registry = PaymentRegistry(
        number=_registry_number(today),
        created_by=actor,
        payment_date=payment_date,
        total_gross=sum(p.gross for p in payouts),
        total_withholding=sum(p.withholding for p in payouts),
        total_net=sum(p.net for p in payouts),
        line_count=len(payouts),
        bank_format=bank_format,
    )
    payer = payout_settings_on(today)
    payees = upstream.payees(payouts)
    numbers = _onec_file(registry, payouts=payouts, payer=payer, payees=payees, actor=actor)
    registry.xml_document = document_store(
        data=formats.registry_xml(registry=registry, payouts=payouts, payer=payer, payees=payees),
        name=f"registry-{registry.number}.xml",
        kind=Document.Kind.REGISTRY,
        uploaded_by=actor,
    )
    registry.csv_document = document_store(
        data=formats.registry_csv(registry=registry, payouts=payouts, payees=payees),
        name=f"bank-registry-{registry.number}.csv",
        kind=Document.Kind.REGISTRY,
        uploaded_by=actor,
    )
    registry.save()
    documents = [registry.xml_document_id, registry.csv_document_id, registry.onec_document_id]
    Document.objects.filter(pk__in=[d for d in documents if d]).update(
        owner_type=ContentType.objects.get_for_model(registry), owner_id=str(registry.pk)
    )
    insert_rows(
        RegistryLine,
        ["registry", "line_no", "payout", "amount", "outcome", "payment_order_number"]
        + ["failure_reason", "order_number"],
        [
            [registry.pk, n, p.pk, p.net, RegistryLine.Outcome.PENDING, "", "", number]
            for n, (p, number) in enumerate(zip(payouts, numbers, strict=True), start=1)
        ],
    )
    _move_into_registry(payouts, registry=registry)
    _audit_export(actor=actor, registry=registry, payouts=payouts)
    return registry


def _approved_locked(payout_ids) -> list[Payout]:
    """The selected payouts, locked, in id order; refused unless every one is approved."""
    ids = sorted({int(pk) for pk in payout_ids})
    if not ids:
        raise PayoutError(_("Select at least one approved payout."))
    payouts = list(
        Payout.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("expert", "contract", "act")
        .order_by("pk")
    )
    not_approved = [p for p in payouts if p.status != S.APPROVED]
    missing = set(ids) - {p.pk for p in payouts}
    if not_approved or missing:
        listed = ", ".join(f"#{pk}" for pk in sorted(missing | {p.pk for p in not_approved}))
        raise PayoutError(
            _("Not exported: payouts %(ids)s are not approved (already in a registry?).")
            % {"ids": listed}
        )
    return payouts


def _onec_file(registry, *, payouts, payer, payees, actor) -> list[str]:
    """Store the registry's 1C file of its `bank_format` (none for the accrual format); the
    payment order number of each payout ("" when no payment orders are written)."""
    numbers = [""] * len(payouts)
    created = timezone.localtime()
    if registry.bank_format == F.PAYMENT_ORDERS:
        numbers = onec_export.take_order_numbers(
            year=registry.payment_date.year, count=len(payouts)
        )
        data = onec_export.payment_orders(
            registry=registry,
            payouts=payouts,
            payer=payer,
            payees=payees,
            numbers=numbers,
            created=created,
        )
        name = f"1c_to_kl-{registry.number}.txt"
    elif registry.bank_format == F.SALARY:
        data = onec_export.salary_registry(
            registry=registry, payouts=payouts, payer=payer, payees=payees, created=created
        )
        name = f"salary-registry-{registry.number}.xml"
    else:
        return numbers
    registry.onec_document = document_store(
        data=data, name=name, kind=Document.Kind.REGISTRY, uploaded_by=actor
    )
    return numbers


def _move_into_registry(payouts: list[Payout], *, registry: PaymentRegistry) -> None:
    """Run `add_to_registry` on every (locked) payout and write the new states in one batch.

    The compare-and-swap count guards the window SQLite leaves open (it has no row locks): a
    payout exported by someone else meanwhile is no longer «approved» and fails the export."""
    for payout in payouts:
        payout.add_to_registry()
        payout.registry = registry
    ids = [p.pk for p in payouts]
    if Payout.objects.filter(pk__in=ids, status=S.APPROVED).count() != len(ids):
        raise PayoutError(_("Some payouts were exported by someone else meanwhile; try again."))
    update_rows(Payout, ["status", "registry"], [[p.pk, p.status, registry.pk] for p in payouts])


def _audit_export(*, actor, registry, payouts) -> None:
    comment = _("Registry № %(n)s") % {"n": registry.number}
    audit_rows(actor=actor, entries=[(p, S.APPROVED, S.IN_REGISTRY, comment) for p in payouts])
    for p in payouts:
        emit_status_changed(p, from_state=S.APPROVED, to_state=S.IN_REGISTRY, actor=actor)
    audit_log(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=registry,
        changes={"payouts": len(payouts), "total_net": str(registry.total_net)},
    )


def upload_store(*, data: bytes, name: str, actor) -> Document:
    """Keep an uploaded confirmation file (refused when empty or above IMPORT_MAX_BYTES)."""
    if not data:
        raise PayoutError(_("The file is empty."))
    if len(data) > IMPORT_MAX_BYTES:
        raise PayoutError(_("The file is larger than 5 MB."))
    return document_store(data=data, name=name, kind=Document.Kind.IMPORT, uploaded_by=actor)


@transaction.atomic
def confirmation_import(*, data: bytes, name: str, actor) -> ConfirmationImport:
    """Read a bank CSV or 1C XML confirmation; mark each payout paid or failed, row by row.

    Every row gets a result (paid, failed, already recorded, or rejected with the reason); a file
    that cannot be read is recorded with the error and changes nothing.
    """
    document = upload_store(data=data, name=name, actor=actor)
    try:
        file_format, rows = formats.confirmation_parse(data)
    except formats.FormatError as exc:
        return ConfirmationImport.objects.create(
            document=document,
            file_format=formats.guess_format(data),
            imported_by=actor,
            error=str(exc),
        )
    result = ConfirmationImport.objects.create(
        document=document, file_format=file_format, imported_by=actor
    )
    outcomes = [_apply_row(row, actor=actor) for row in rows]
    return record_outcomes(result, rows, outcomes, actor=actor)


def record_outcomes(result: ConfirmationImport, rows, outcomes, *, actor) -> ConfirmationImport:
    """Write one ConfirmationRow per row read (`row_no`, `raw`) with its (payout, result,
    message) outcome, the counts on the import, and the audit record."""
    ConfirmationRow.objects.bulk_create(
        [
            ConfirmationRow(
                confirmation=result, row_no=row.row_no, payout=p, result=r, message=m, raw=row.raw
            )
            for row, (p, r, m) in zip(rows, outcomes, strict=True)
        ]
    )
    counts = {r: sum(1 for _p, res, _m in outcomes if res == r) for r in ConfirmationRow.Result}
    result.paid_count = counts[ConfirmationRow.Result.PAID]
    result.failed_count = counts[ConfirmationRow.Result.FAILED]
    result.error_count = counts[ConfirmationRow.Result.REJECTED]
    result.unknown_count = counts[ConfirmationRow.Result.UNKNOWN]
    result.save(update_fields=["paid_count", "failed_count", "error_count", "unknown_count"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.OTHER,
        obj=result,
        changes={str(k): v for k, v in counts.items()},
    )
    return result


def _apply_row(row: "formats.ConfirmationRowData", *, actor):
    """(payout, result, message) for one confirmation row; state changes under the row lock."""
    Result = ConfirmationRow.Result
    if row.error:
        return None, Result.REJECTED, row.error
    line = (
        RegistryLine.objects.filter(
            registry__number=row.registry_number, payout_id=row.payout_id, line_no=row.line_no
        )
        .select_related("registry")
        .first()
    )
    if line is None:
        return (
            None,
            Result.REJECTED,
            _("No line %(line)s with payout #%(id)s in registry № %(reg)s.")
            % {"line": row.line_no, "id": row.payout_id, "reg": row.registry_number},
        )
    payout = _locked(line.payout_id)
    if row.amount != line.amount:
        return (
            payout,
            Result.REJECTED,
            _("Amount %(got)s differs from the registry amount %(exp)s.")
            % {"got": row.amount, "exp": line.amount},
        )
    if row.paid:
        return _apply_paid(payout, line, row, actor)
    return _apply_failed(payout, line, row, actor)


def _not_to_apply(payout, line, *, already: bool, already_message: str):
    """The row's outcome when it is already recorded or the payout does not await this registry
    (None when the row applies)."""
    if already:
        return payout, ConfirmationRow.Result.ALREADY, already_message
    if payout.status != S.IN_REGISTRY or payout.registry_id != line.registry_id:
        return (
            payout,
            ConfirmationRow.Result.REJECTED,
            _("The payout is «%(s)s», not awaiting this registry.")
            % {"s": payout.get_status_display()},
        )
    return None


def _apply_paid(payout, line, row, actor):
    already = payout.status == S.PAID and payout.payment_order_number == row.order_number
    message = _("Already recorded as paid by this payment order.")
    if refusal := _not_to_apply(payout, line, already=already, already_message=message):
        return refusal
    payout.paid_at = row.paid_on
    payout.payment_order_number = row.order_number
    payout.mark_paid()
    fields = ["paid_at", "payment_order_number"]
    if payout.tax_regime == "self_employed":
        day = payout_settings_on(row.paid_on).npd_receipt_day
        payout.receipt_due_date = receipt_due_date(paid_on=row.paid_on, day=day)
        fields.append("receipt_due_date")
    _save(payout, from_state=S.IN_REGISTRY, fields=fields, actor=actor)
    RegistryLine.objects.filter(pk=line.pk).update(
        outcome=RegistryLine.Outcome.PAID,
        payment_order_number=row.order_number,
        paid_on=row.paid_on,
    )
    audit_transition(actor=actor, obj=payout, from_state=S.IN_REGISTRY, comment=row.order_number)
    payout_notify_expert_paid(payout=payout)
    return (
        payout,
        ConfirmationRow.Result.PAID,
        _("Paid on %(d)s, payment order № %(n)s.")
        % {
            "d": row.paid_on.isoformat(),
            "n": row.order_number,
        },
    )


def _apply_failed(payout, line, row, actor):
    already = payout.status == S.FAILED and payout.registry_id == line.registry_id
    message = _("Already recorded as failed.")
    if refusal := _not_to_apply(payout, line, already=already, already_message=message):
        return refusal
    payout.failure_reason = row.reason
    payout.mark_failed()
    _save(payout, from_state=S.IN_REGISTRY, fields=["failure_reason"], actor=actor)
    RegistryLine.objects.filter(pk=line.pk).update(
        outcome=RegistryLine.Outcome.FAILED, failure_reason=row.reason
    )
    audit_transition(actor=actor, obj=payout, from_state=S.IN_REGISTRY, comment=row.reason)
    return payout, ConfirmationRow.Result.FAILED, _("Payment failed: %(r)s") % {"r": row.reason}
