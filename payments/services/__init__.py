"""Every write of the payments module (issue 6). Views, tasks and listeners call these only."""

from payments.services.npd_status import npd_status_check_online, npd_status_confirm_manually
from payments.services.payout_documents import (
    payout_attach_signed_invoice,
    payout_upload_invoice,
    payout_upload_receipt,
)
from payments.services.payouts import (
    PAYOUT_APPROVAL_HANDLER,
    PayoutError,
    cap_exception_grant,
    payout_approve,
    payout_cancel,
    payout_create_from_act,
    payout_retry,
    payouts_run_checks,
)
from payments.services.registries import confirmation_import, registry_export
from payments.services.reminders import (
    payout_notify_accountants,
    payouts_escalate_overdue,
    payouts_remind_receipts,
    payouts_send_daily_digest,
)
from payments.services.statements import confirmation_upload, statement_import
from payments.services.support import support_message_post

__all__ = [
    "PAYOUT_APPROVAL_HANDLER",
    "PayoutError",
    "cap_exception_grant",
    "confirmation_import",
    "confirmation_upload",
    "npd_status_check_online",
    "npd_status_confirm_manually",
    "payout_approve",
    "payout_cancel",
    "payout_create_from_act",
    "payout_notify_accountants",
    "payout_retry",
    "payout_attach_signed_invoice",
    "payout_upload_invoice",
    "payout_upload_receipt",
    "payouts_escalate_overdue",
    "payouts_remind_receipts",
    "payouts_run_checks",
    "payouts_send_daily_digest",
    "registry_export",
    "statement_import",
    "support_message_post",
]
