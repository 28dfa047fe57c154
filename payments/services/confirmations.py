"""The bank's answer for one payout, recorded by a system (the REST API) instead of a file: the
same checks and state changes as one row of a confirmation file (registries.confirmation_import)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from payments import formats
from payments.models import ConfirmationRow, RegistryLine
from payments.services.payouts import PayoutError
from payments.services.registries import _apply_row


@transaction.atomic
def payout_confirm(
    *,
    payout_id: int,
    paid: bool,
    amount: Decimal,
    actor,
    order_number: str = "",
    paid_on: date | None = None,
    reason: str = "",
) -> tuple[str, str]:
    """Mark the payout paid (with the payment order and date) or failed (with the reason) in its
    latest registry. Returns (result, message): result is a ConfirmationRow.Result — `paid`,
    `failed`, `already` (recorded before, nothing changed) — and a refusal raises PayoutError."""
    line = (
        RegistryLine.objects.filter(payout_id=payout_id)
        .select_related("registry")
        .order_by("-pk")
        .first()
    )
    if line is None:
        raise PayoutError(_("The payout is not in a payment registry."))
    if paid and (not order_number or paid_on is None):
        raise PayoutError(_("A paid payout needs the payment order number and date."))
    if amount != line.amount:
        raise PayoutError(
            _("Amount %(got)s differs from the registry amount %(exp)s.")
            % {"got": amount, "exp": line.amount},
            field="amount",
        )
    if not paid and not reason:
        raise PayoutError(_("Say why the payment failed."), field="reason")
    row = formats.ConfirmationRowData(
        row_no=1,
        raw={},
        registry_number=line.registry.number,
        line_no=line.line_no,
        payout_id=payout_id,
        amount=amount,
        paid=paid,
        order_number=order_number,
        paid_on=paid_on,
        reason=reason,
    )
    _payout, result, message = _apply_row(row, actor=actor)
    if result == ConfirmationRow.Result.REJECTED:
        raise PayoutError(message)
    return result, message
