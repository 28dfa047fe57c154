"""The expert's NPD (self-employed) status: the accountant's own check or the tax service's answer,
each recorded, then the expert's payouts checked again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog
from payments.models import NpdStatusCheck
from payments.npd import NpdCheckError, npd_checker
from payments.services.payouts import PayoutError, _recheck_expert


@transaction.atomic
def npd_status_confirm_manually(
    *, expert, inn: str, on_date, is_self_employed: bool, comment: str, actor
) -> NpdStatusCheck:
    """Record the accountant's own check of the NPD status (who and when), then re-check."""
    check = NpdStatusCheck.objects.create(
        expert=expert,
        inn=inn,
        on_date=on_date,
        is_self_employed=is_self_employed,
        source=NpdStatusCheck.Source.MANUAL,
        checked_by=actor,
        comment=comment,
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=check, comment=comment)
    _recheck_expert(expert, actor)
    return check


@transaction.atomic
def npd_status_check_online(*, expert, inn: str, actor, checker=None) -> NpdStatusCheck:
    """Ask the tax service (through the configured adapter) and record its answer."""
    today = timezone.localdate()
    try:
        status = (checker or npd_checker()).check(inn=inn, on=today)
    except NpdCheckError as exc:
        raise PayoutError(_("The tax service did not answer: %(e)s") % {"e": exc}) from exc
    check = NpdStatusCheck.objects.create(
        expert=expert,
        inn=inn,
        on_date=today,
        is_self_employed=status.is_self_employed,
        source=NpdStatusCheck.Source.TAX_SERVICE,
        checked_by=actor,
        comment=status.message,
        response=status.response,
    )
    _recheck_expert(expert, actor)
    return check
