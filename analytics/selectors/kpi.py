"""A manager's KPI against the targets of a year."""

from django.utils.translation import gettext_lazy as _

from analytics.filters import Filters
from analytics.metrics import percent_done
from analytics.models import (
    KpiTarget,
)
from analytics.selectors.facts import fact_summary

# --- KPI, KOL, refresh --------------------------------------------------------------------------


def kpi_for_manager(*, manager, year: int) -> dict:
    """A manager's KPI targets for a year against the fact of the events they own."""
    target = KpiTarget.objects.filter(manager=manager, year=year).first()
    fact = fact_summary(Filters(year=year, manager=manager.pk))
    rows = [
        ("events_held", _("Events held"), fact["held"], target and target.events_held, True),
        (
            "participants",
            _("Participants"),
            fact["participants"],
            target and target.participants,
            True,
        ),
        (
            "cost_per_participant",
            _("Cost per participant, at most"),
            fact["cost_per_participant"],
            target and target.cost_per_participant,
            False,
        ),
        (
            "feedback_score",
            _("Feedback score, at least"),
            fact["feedback_score"],
            target and target.feedback_score,
            True,
        ),
    ]
    return {
        "target": target,
        "rows": [
            {
                "key": key,
                "label": label,
                "fact": value,
                "target": goal,
                "percent": percent_done(value, goal) if higher_is_better else None,
                "met": kpi_met(value, goal, higher_is_better=higher_is_better),
            }
            for key, label, value, goal, higher_is_better in rows
        ],
    }


def kpi_met(fact, target, *, higher_is_better: bool) -> bool | None:
    """A KPI is met when the fact reaches the target (or, for costs, stays at or below it)."""
    if target is None or fact is None:
        return None
    return fact >= target if higher_is_better else fact <= target
