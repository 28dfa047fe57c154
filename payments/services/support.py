"""The support thread of a payout between the expert and the accountants (issue 6 §7)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kolplatform.core.notifications import notify
from payments.models import Payout, SupportMessage
from payments.services.payouts import PayoutError
from payments.services.reminders import finance_users

MAX_LENGTH = 4000


@transaction.atomic
def support_message_post(*, payout: Payout, author, text: str) -> SupportMessage:
    """Post a message; the other side is notified in-app and by e-mail."""
    text = text.strip()
    if not text:
        raise PayoutError(_("Write a message."))
    if len(text) > MAX_LENGTH:
        raise PayoutError(_("The message is longer than 4000 characters."))
    from_expert = payout.expert.user_id == author.pk
    message = SupportMessage.objects.create(
        payout=payout, author=author, from_expert=from_expert, text=text
    )
    if from_expert:
        recipients = [payout.approved_by] if payout.approved_by_id else list(finance_users())
        url = reverse("payments:detail", args=[payout.pk]) + "#support"
        title = _("Question from %(expert)s about payout #%(id)s") % {
            "expert": payout.expert,
            "id": payout.pk,
        }
    else:
        recipients = [payout.expert.user] if payout.expert.user_id else []
        url = reverse("payments:cabinet_detail", args=[payout.pk]) + "#support"
        title = _("Answer about your payout for act № %(act)s") % {"act": payout.act.number}
    notify(recipients=recipients, title=title, body=text, url=url, level="action")
    return message
