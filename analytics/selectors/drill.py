"""Drill-down lists: the events and payouts behind a figure, read from the per-event table."""

from django.db.models import F

from analytics.filters import Filters
from analytics.metrics import METRICS
from analytics.models import (
    PayoutFact,
)
from analytics.selectors.facts import facts_filtered, product_share
from payments.models import Payout

# --- drill-down ---------------------------------------------------------------------------------


def drill_events(filters: Filters, metric_key: str, *, product_share_of: int | None = None):
    """The events behind a figure; `value` is what each contributes (the list sums to it)."""
    metric = METRICS[metric_key]
    qs = facts_filtered(filters).filter(metric.where)
    if product_share_of is not None:
        qs = qs.filter(product_links__product_id=product_share_of).annotate(value=product_share())
    elif metric.column:
        qs = qs.annotate(value=F(metric.column))
    return qs.select_related(
        "event", "event__event_type", "event__region", "event__owner"
    ).order_by("starts_at", "event_id")


def drill_payouts(filters: Filters, *, paid_only: bool = True):
    """The payouts behind "payouts made" (paid) or the fees in the total cost (not cancelled)."""
    events = facts_filtered(filters).values("event_id")
    qs = PayoutFact.objects.filter(event_id__in=events)
    qs = (
        qs.filter(status=Payout.Status.PAID)
        if paid_only
        else qs.exclude(status=Payout.Status.CANCELLED)
    )
    return qs.select_related("expert", "event__event").order_by("paid_at", "payout_id")
