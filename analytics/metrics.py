"""Which events count for which figure, and the ratios — each rule in one place.

A metric is a filter on the per-event facts plus the column that is summed (None: each event
counts 1). The dashboard sums these; the drill-down lists the same rows, so the list's total is
the figure that was clicked."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event
from kolplatform.core.money import money as core_money

S = Event.Status
# Reached approval (a later re-approval of the budget does not undo it).
APPROVED_OR_LATER = [S.APPROVED, S.BUDGET_REAPPROVAL, S.HELD, S.CLOSING, S.CLOSED]
HELD_OR_LATER = [S.HELD, S.CLOSING, S.CLOSED]

KOPECK = Decimal("0.01")


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    where: Q
    column: str | None  # None: count events
    money: bool = False


METRICS = {
    m.key: m
    for m in [
        Metric("planned", _("Events planned"), ~Q(status=S.CANCELLED), None),
        Metric("approved", _("Events approved"), Q(status__in=APPROVED_OR_LATER), None),
        Metric("held", _("Events held"), Q(status__in=HELD_OR_LATER), None),
        Metric("cancelled", _("Events cancelled"), Q(status=S.CANCELLED), None),
        Metric("participants", _("Participants"), Q(), "participants"),
        Metric("target_participants", _("Target-segment participants"), Q(), "target_participants"),
        Metric(
            "approved_total",
            _("Costs planned (approved budgets)"),
            Q(status__in=APPROVED_OR_LATER),
            "approved_total",
            money=True,
        ),
        Metric("budget_final", _("Costs final"), Q(), "budget_final", money=True),
        Metric("budget_actual", _("Costs actual"), Q(), "budget_actual", money=True),
        Metric("fees_paid", _("Payouts made"), Q(), "fees_paid", money=True),
        Metric("total_cost", _("Total cost"), Q(), "total_cost", money=True),
    ]
}


def money(value) -> Decimal:
    """An aggregate in kopecks; no rows (None) is zero."""
    return core_money(value or 0)


def ratio(numerator, denominator, places: str = "0.01") -> Decimal | None:
    """numerator / denominator rounded half-up; None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator or 0) / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def percent_done(fact, plan) -> Decimal | None:
    """% of the plan done = fact / plan x 100, one decimal; None without a plan."""
    if plan is None or not plan:
        return None
    return ratio(Decimal(fact or 0) * 100, plan, "0.1")


def nps(promoters: int, detractors: int, answers: int) -> Decimal | None:
    """Net promoter score = % promoters (9-10) - % detractors (0-6), one decimal."""
    return ratio((promoters - detractors) * 100, answers, "0.1")
