"""Daily reminders (Celery beat, seeded PeriodicTask): idempotent through notify's dedup_key.

* A document awaiting the expert's signature for more than UNSIGNED_AFTER_DAYS days: the expert and
  the contract owner are reminded once per document per week.
* An active contract ending within EXPIRY_NOTICE_DAYS days: the owner is told once per contract.
* Approvals waiting beyond their SLA are reminded by the approvals engine's own scan.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Contract, ContractDocument
from kolplatform.core.notifications import notify

UNSIGNED_AFTER_DAYS = 3
EXPIRY_NOTICE_DAYS = 30


def reminders_send(*, now=None) -> dict:
    now = now or timezone.now()
    week = now.isocalendar()
    week_key = f"{week[0]}-W{week[1]}"
    unsigned = ContractDocument.objects.filter(
        status=ContractDocument.Status.AWAITING_EXPERT,
        sent_at__lt=now - datetime.timedelta(days=UNSIGNED_AFTER_DAYS),
    ).select_related("expert__user", "contract__owner")
    sent = 0
    for doc in unsigned:
        kol = doc.expert.user
        if kol is not None:
            sent += len(
                notify(
                    recipients=[kol],
                    title=_("Reminder: a document awaits your signature: %(doc)s") % {"doc": doc},
                    url=reverse("contracts:cabinet_document", args=[doc.pk]),
                    level="action",
                    template="contracts_reminder",
                    dedup_key=f"contracts:unsigned:{doc.pk}:{week_key}",
                )
            )
        sent += len(
            notify(
                recipients=[doc.contract.owner],
                title=_("Not signed by the expert yet: %(doc)s") % {"doc": doc},
                url=reverse("contracts:detail", args=[doc.contract_id]),
                template="contracts_reminder",
                dedup_key=f"contracts:unsigned-owner:{doc.pk}:{week_key}",
            )
        )
    today = timezone.localdate()
    expiring = Contract.objects.filter(
        status=Contract.Status.ACTIVE,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("owner", "expert")
    expiring_sent = 0
    for contract in expiring:
        expiring_sent += len(
            notify(
                recipients=[contract.owner],
                title=_("Contract %(number)s with %(expert)s ends on %(date)s")
                % {
                    "number": contract.number,
                    "expert": contract.expert,
                    "date": contract.ends_on.strftime("%d.%m.%Y"),
                },
                url=reverse("contracts:detail", args=[contract.pk]),
                template="contracts_reminder",
                dedup_key=f"contracts:expiring:{contract.pk}:{contract.ends_on}",
            )
        )
    return {"unsigned": sent, "expiring": expiring_sent}
