"""The e-mail outbox with a real Celery worker and Redis (runs in CI; skipped elsewhere)."""

from email.header import decode_header, make_header

import pytest
from django.db import transaction

from kolplatform.core.models import Notification
from kolplatform.core.notifications import notify

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_notification_written_in_a_transaction_is_emailed_by_the_worker(
    celery_worker_process, field_staff
):
    with transaction.atomic():
        [notification] = notify(
            recipients=[field_staff],
            title="Договор № Д-1 ждёт вашего согласования",
            body="Срок — 3 дня.",
            url="/contracts/1/",
        )
        # Nothing is queued before the transaction commits.
        assert notification.email_status == Notification.EmailStatus.PENDING

    def sent():
        notification.refresh_from_db()
        return notification.email_status == Notification.EmailStatus.SENT

    celery_worker_process.wait_for(sent)
    assert notification.emailed_at is not None and notification.email_attempts == 1
    [message] = celery_worker_process.sent_emails()
    assert message["To"] == field_staff.email
    assert "Д-1" in str(make_header(decode_header(message["Subject"])))
    assert "notification_send_email" in celery_worker_process.log()
