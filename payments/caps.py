"""The annual cap of an expert at commitment time (hooks.COMMITMENT_LIMITS; contracts.caps).

Used in calendar year Y = what payments.checks.annual_totals counts at payout time (paid in Y as
payments.selectors.paid_in_year_q defines it, plus approved payouts still owed and due in Y)
+ the expert's service orders dated in Y, not cancelled, whose act has no such payout yet. An
order is counted once: by its amount until its payout is approved, then by the payout's gross
(never both), so an order paid later does not count twice.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from contracts.caps import CapLine
from contracts.models import ServiceOrder
from kolplatform.core.money import money
from payments.checks import COMMITTED_STATUSES, annual_totals
from payments.tax_settings import annual_cap_on


def orders_not_yet_paid_out(*, expert_id: int, year: int, exclude_order_ids=()) -> Decimal:
    """The expert's orders dated in `year`, not cancelled, with no approved (or further) payout
    (one query)."""
    total = (
        ServiceOrder.objects.filter(contract__expert_id=expert_id, order_date__year=year)
        .exclude(status=ServiceOrder.Status.CANCELLED)
        .exclude(pk__in=list(exclude_order_ids))
        .exclude(act__payout__status__in=COMMITTED_STATUSES)
        .aggregate(total=Sum("amount"))["total"]
    )
    return money(total or 0)


def annual_used(*, expert_id: int, year: int, exclude_order_ids=()) -> Decimal:
    """Paid and owed in `year` (annual_totals) + the year's orders not yet paid out."""
    counted = annual_totals(expert_ids=[expert_id], years=[year]).get((expert_id, year), 0)
    return money(counted) + orders_not_yet_paid_out(
        expert_id=expert_id, year=year, exclude_order_ids=exclude_order_ids
    )


def annual_cap_lines(*, expert, on, contracts, exclude_order_ids) -> list[CapLine]:
    """hooks.COMMITMENT_LIMITS: the annual cap of the expert's tier for the year of `on`."""
    cap = annual_cap_on(expert.tier, on)
    if cap is None:
        return []
    return [
        CapLine(
            key=f"annual:{expert.pk}:{on.year}",
            label=_("Annual cap %(year)s of %(expert)s") % {"year": on.year, "expert": expert},
            cap=money(cap),
            used=annual_used(
                expert_id=expert.pk, year=on.year, exclude_order_ids=exclude_order_ids
            ),
        )
    ]
