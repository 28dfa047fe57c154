"""Accountant reminders: on creation, daily digest, escalation, receipts; each idempotent."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from experts.models import TaxStatus
from payments import services, tasks
from payments.models import Payout, PayoutSettings
from tests.factories.contracts import force_status
from tests.factories.payments import npd_confirmed, signed_act

pytestmark = pytest.mark.django_db


def test_beat_schedules_are_seeded():
    names = set(
        PeriodicTask.objects.filter(task__startswith="payments.").values_list("task", flat=True)
    )
    assert names == {
        "payments.tasks.payout_send_daily_digest",
        "payments.tasks.payout_escalate_overdue",
        "payments.tasks.payout_remind_receipts",
    }


def test_accountant_notified_once_per_payout(finance):
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    services.payout_notify_accountants(payout=payout)
    assert finance.notifications.filter(url__contains=f"/payments/{payout.pk}/").count() == 1


def test_daily_digest_counts_due_and_overdue_once_a_day(finance):
    due = services.payout_create_from_act(act=signed_act(), actor=finance)
    overdue = services.payout_create_from_act(act=signed_act(), actor=finance)
    today = timezone.localdate()
    Payout.objects.filter(pk=due.pk).update(due_date=today + timedelta(days=1))
    Payout.objects.filter(pk=overdue.pk).update(due_date=today - timedelta(days=2))
    assert tasks.payout_send_daily_digest() == 1
    assert tasks.payout_send_daily_digest() == 0  # run twice: one message
    digest = finance.notifications.get(dedup_key__startswith="payout-digest-")
    assert "1" in digest.title and f"#{overdue.pk}" in digest.body and digest.level == "action"


def test_escalation_to_the_finance_head_after_n_days(finance, make_user):
    head = make_user("finance", username="head")
    PayoutSettings.objects.update(finance_head=head, escalation_days=3)
    payout = services.payout_create_from_act(act=signed_act(), actor=finance)
    today = timezone.localdate()
    Payout.objects.filter(pk=payout.pk).update(due_date=today - timedelta(days=3))
    assert services.payouts_escalate_overdue(today=today) == 0  # exactly N days: not yet
    Payout.objects.filter(pk=payout.pk).update(due_date=today - timedelta(days=4))
    assert services.payouts_escalate_overdue(today=today) == 1
    assert services.payouts_escalate_overdue(today=today) == 0
    assert head.notifications.filter(dedup_key=f"payout-escalated-{payout.pk}").exists()
    force_status(payout, Payout.Status.PAID)
    Payout.objects.filter(pk=payout.pk).update(due_date=today - timedelta(days=40))
    assert services.payouts_escalate_overdue(today=today) == 0


def test_missing_receipt_after_the_ninth_raises_a_task(finance, kol):
    expert = kol.expert
    expert.tax_status = TaxStatus.SELF_EMPLOYED
    expert.save(update_fields=["tax_status"])
    npd_confirmed(expert)
    payout = services.payout_create_from_act(act=signed_act(expert=expert), actor=finance)
    force_status(payout, Payout.Status.PAID)
    today = timezone.localdate()
    Payout.objects.filter(pk=payout.pk).update(receipt_due_date=today)
    assert services.payouts_remind_receipts(today=today) == 0  # due today: still in time
    assert services.payouts_remind_receipts(today=today + timedelta(days=1)) == 2
    assert services.payouts_remind_receipts(today=today + timedelta(days=2)) == 0
    task = kol.notifications.get(dedup_key=f"receipt-overdue-{payout.pk}")
    assert task.level == "action" and "/payments/cabinet/" in task.url
