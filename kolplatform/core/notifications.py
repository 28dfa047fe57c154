"""Notifying people: in-app rows that are also the e-mail outbox (see models/notifications.py)."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kolplatform.core.models import Notification


def notify(
    *,
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    template: str = "",
    context: dict | None = None,
    email: bool = True,
    dedup_key: str = "",
) -> list[Notification]:
    """Write one notification per recipient in the caller's transaction; e-mail them on commit.

    `template` names templates/emails/<template>/{subject.txt,body.txt,body.html}; without it the
    e-mail is built from title/body/url. A non-empty `dedup_key` makes a repeated call for the same
    recipient a no-op (reminder jobs are safe to run twice).
    """
    # The task module imports approvals, which import this one: the e-mail task at call time.
    from kolplatform.core.tasks import notification_send_email

    created = []
    for user in {r.pk: r for r in recipients if r is not None}.values():
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        title=str(title)[:300],
                        body=str(body),
                        url=url,
                        level=level,
                        template=template,
                        context=context or {},
                        dedup_key=dedup_key,
                        email_status=(
                            Notification.EmailStatus.PENDING
                            if email and user.email
                            else Notification.EmailStatus.SKIPPED
                        ),
                    )
                )
        except IntegrityError:
            continue  # already notified under this dedup_key
    for n in created:
        if n.email_status == Notification.EmailStatus.PENDING:
            transaction.on_commit(lambda pk=n.pk: notification_send_email.delay(pk))
    return created


# --- Reads and read-marks for the bell and the list ---------------------------------------------


def notification_list_for_user(*, user):
    """The user's notifications, unread first, newest first within each group."""
    return Notification.objects.filter(recipient=user).order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-id"
    )


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk: int) -> Notification:
    """The user's own notification; anyone else's is a 404 (its existence is not revealed)."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read; marking a read one again keeps its first read time."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
