"""Celery entry points of the payments module (thin, idempotent: every reminder has a dedup key)."""

from celery import shared_task

from payments import services


@shared_task(acks_late=True)
def payout_send_daily_digest() -> int:
    return services.payouts_send_daily_digest()


@shared_task(acks_late=True)
def payout_escalate_overdue() -> int:
    return services.payouts_escalate_overdue()


@shared_task(acks_late=True)
def payout_remind_receipts() -> int:
    return services.payouts_remind_receipts()
