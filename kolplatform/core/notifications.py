"""Notifying people: in-app rows that are also the e-mail outbox (see models/notifications.py)."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

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
