"""The notification outbox: rows in the caller's transaction, e-mail on commit, sweeper, dedup."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from kolplatform.core import emails
from kolplatform.core.approvals import approval_send_sla_reminders
from kolplatform.core.models import ApprovalRequest, Notification
from kolplatform.core.notifications import notify
from kolplatform.core.tasks import approval_sla_reminders, notification_sweep_unsent
from tests.testapp.services import widget_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_smtp_port():
    """A local port nobody listens on: a real SMTP connection to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_down(settings, closed_smtp_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_smtp_port
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@pytest.fixture
def smtp_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def age(notification, minutes=2):
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_row_is_written_in_the_transaction_and_mailed_on_commit(
    approver, smtp_up, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        [n] = notify(recipients=[approver], title="Нужна подпись", body="Договор №5", url="/x/")
        assert Notification.objects.filter(pk=n.pk).exists()
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.SENT
    assert n.emailed_at is not None and n.email_attempts == 1
    [message] = mail.outbox
    assert message.to == [approver.email]
    assert message.subject == "Нужна подпись"
    assert "Договор №5" in message.body and "/x/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Договор №5" in html and 'href="http' in html


def test_rolled_back_change_leaves_no_notification(approver, smtp_up):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[approver], title="Не будет")
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_users_without_email_or_email_false_are_not_mailed(make_user, approver):
    no_address = make_user(username="noaddr", email="")
    rows = notify(recipients=[no_address, approver, None, approver], title="Т", email=False)
    assert len(rows) == 2  # None and the duplicate are dropped
    assert {r.email_status for r in rows} == {Notification.EmailStatus.SKIPPED}


def test_smtp_failure_keeps_it_pending_and_the_sweeper_resends(
    approver, smtp_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(recipients=[approver], title="Счёт готов")
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.PENDING
    assert n.email_attempts == 1

    assert notification_sweep_unsent() == 0  # too fresh: the on-commit send may still be running
    age(n)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_sweep_unsent() == 1
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.SENT
    assert n.email_attempts == 2
    assert [m.subject for m in mail.outbox] == ["Счёт готов"]
    assert notification_sweep_unsent() == 0  # sent rows are never sent twice


def test_repeated_failures_give_up_after_max_attempts(approver, smtp_down):
    [n] = notify(recipients=[approver], title="Т")
    Notification.objects.filter(pk=n.pk).update(email_attempts=emails.MAX_ATTEMPTS - 1)
    assert emails.notification_email_send(notification_id=n.pk) == "failed"
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.FAILED
    age(n)
    assert notification_sweep_unsent() == 0


def test_sending_twice_sends_once(approver, smtp_up):
    [n] = notify(recipients=[approver], title="Т")
    assert emails.notification_email_send(notification_id=n.pk) == "sent"
    assert emails.notification_email_send(notification_id=n.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_email_is_in_the_recipients_language(make_user, smtp_up):
    english = make_user(username="en", language="en", first_name="Ann")
    [n] = notify(recipients=[english], title="Report")
    emails.notification_email_send(notification_id=n.pk)
    assert "Hello, Ann!" in mail.outbox[0].body


def test_dedup_key_makes_a_repeat_a_no_op(approver):
    first = notify(recipients=[approver], title="Напоминание", dedup_key="k1")
    again = notify(recipients=[approver], title="Напоминание", dedup_key="k1")
    other = notify(recipients=[approver], title="Напоминание", dedup_key="k2")
    assert (len(first), len(again), len(other)) == (1, 0, 1)


def overdue(request, days):
    ApprovalRequest.objects.filter(pk=request.pk).update(
        step_started_at=timezone.now() - timedelta(days=days)
    )
    request.refresh_from_db()


def test_sla_overdue_detection_and_reminders_once_a_day(
    widget_route, widget, marketing_manager, approver, make_user
):
    from kolplatform.core.approvals import approval_overdue

    widget, request = widget_submit(widget=widget, actor=marketing_manager)
    Notification.objects.all().delete()
    overdue(request, days=1)  # SLA of the first step is 2 days
    assert approval_overdue() == [] and not request.is_overdue
    assert approval_sla_reminders() == 0

    overdue(request, days=3)
    assert approval_overdue() == [request] and request.is_overdue
    assert approval_sla_reminders() == 1
    reminder = Notification.objects.get(recipient=approver)
    assert reminder.level == Notification.Level.WARNING and str(widget) in reminder.title
    assert approval_sla_reminders() == 0  # the same day again: nothing new

    tomorrow = timezone.now() + timedelta(days=1)
    assert approval_send_sla_reminders(now=tomorrow) == 1
    assert Notification.objects.filter(recipient=approver).count() == 2
    assert not Notification.objects.filter(recipient=marketing_manager).exists()


def test_beat_schedules_are_in_the_database():
    sweeper = PeriodicTask.objects.get(task="kolplatform.core.tasks.notification_sweep_unsent")
    assert (sweeper.interval.every, sweeper.interval.period) == (1, "minutes")
    reminders = PeriodicTask.objects.get(task="kolplatform.core.tasks.approval_sla_reminders")
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("9", "0")
    assert str(reminders.crontab.timezone) == "Europe/Moscow"
    assert sweeper.enabled and reminders.enabled


def test_plain_text_parts_are_not_html_escaped(approver, smtp_up):
    [n] = notify(recipients=[approver], title='Договор "Альфа" & <Бета>', body="Цена < 5 & > 1")
    emails.notification_email_send(notification_id=n.pk)
    message = mail.outbox[0]
    assert message.subject == 'Договор "Альфа" & <Бета>'
    assert "Цена < 5 & > 1" in message.body
    html = message.alternatives[0][0]
    assert "&lt;Бета&gt;" in html and "<Бета>" not in html
