"""ROI of events and campaigns: cost against outcomes, and sales uplift.

Sales uplift method (shown next to every uplift figure): sales of the event's products in the
event's region in the WINDOW full calendar months after the event month, against the same number
of months before it: uplift = (after - before) / before. The event month itself is left out."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from analytics import selectors
from analytics.filters import Filters
from analytics.metrics import HELD_OR_LATER, money, ratio
from analytics.models import EventProductLink, SalesRecord
from events.models import Participant

WINDOW = 3


def event_method() -> str:
    return _(
        "Sales of the event's products in its region, %(n)s full months after the event month "
        "against the %(n)s months before it: (after − before) / before."
    ) % {"n": WINDOW}


def campaign_method() -> str:
    return _(
        "Sales of the campaign's products in its regions, %(n)s full months after the period "
        "against the %(n)s months before it: (after − before) / before."
    ) % {"n": WINDOW}


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def uplift_windows(first: date, last: date, window: int = WINDOW):
    """([from, to) before, [from, to) after) for a period spanning the months first..last."""
    first = date(first.year, first.month, 1)
    last = date(last.year, last.month, 1)
    before = (add_months(first, -window), first)
    after = (add_months(last, 1), add_months(last, 1 + window))
    return before, after


def sales_uplift(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """Uplift in percent, one decimal; None when there are no sales before to compare with."""
    if before is None or after is None:
        return None
    return ratio((Decimal(after) - Decimal(before)) * 100, before, "0.1")


def _sales_by_cell(regions, products, start: date, end: date) -> dict:
    rows = (
        SalesRecord.objects.filter(
            region_id__in=regions, product_id__in=products, month__gte=start, month__lt=end
        )
        .values("region_id", "product_id", "month")
        .annotate(amount=Sum("amount"))
        .order_by()  # not by the names of the regions and products (the model's ordering)
    )
    return {(r["region_id"], r["product_id"], r["month"]): r["amount"] for r in rows}


def _months(window) -> list[date]:
    start, end = window
    months = []
    while start < end:
        months.append(start)
        start = add_months(start, 1)
    return months


def _window_sum(cells: dict, region, products, window) -> Decimal | None:
    found = [
        cells[(region, product, month)]
        for product in products
        for month in _months(window)
        if (region, product, month) in cells
    ]
    return money(sum(found)) if found else None


def event_uplifts(facts: list) -> dict:
    """Sales before/after/uplift for a page of EventFact rows (two queries)."""
    if not facts:
        return {}
    products = defaultdict(set)
    for link in EventProductLink.objects.filter(event_id__in=[f.pk for f in facts]):
        products[link.event_id].add(link.product_id)
    windows = {f.pk: uplift_windows(f.starts_at.date(), f.starts_at.date()) for f in facts}
    start = min(w[0][0] for w in windows.values())
    end = max(w[1][1] for w in windows.values())
    all_products = set().union(*products.values()) if products else set()
    cells = _sales_by_cell({f.region_id for f in facts}, all_products, start, end)
    result = {}
    for f in facts:
        before = _window_sum(cells, f.region_id, products[f.pk], windows[f.pk][0])
        after = _window_sum(cells, f.region_id, products[f.pk], windows[f.pk][1])
        result[f.pk] = {"before": before, "after": after, "uplift": sales_uplift(before, after)}
    return result


def campaign_sales(regions, products, before, after) -> tuple:
    """Sales of `products` in `regions` in the months of the windows [from, to) before and
    after, summed in the database (None for a window without any sales row)."""
    months = _months(before) + _months(after)
    sums = SalesRecord.objects.filter(
        month__in=months, region_id__in=regions, product_id__in=products
    ).aggregate(
        before=Sum("amount", filter=Q(month__lt=before[1])),
        after=Sum("amount", filter=Q(month__gte=after[0])),
    )
    return tuple(None if sums[k] is None else money(sums[k]) for k in ("before", "after"))


def campaign_roi(filters: Filters, *, cells: bool = True) -> dict:
    """The filtered events held taken as one campaign: cost per (target) participant and
    uplift. From the monthly cells when they can answer (`cells=False`: the per-event table)."""
    summary = selectors.held_summary(filters, cells=cells)
    regions = selectors.held_regions(filters, cells=cells)
    products = selectors.held_products(filters, cells=cells)
    before, after = uplift_windows(filters.first_day(), filters.last_day())
    sales_before, sales_after = (
        campaign_sales(regions, products, before, after) if regions and products else (None, None)
    )
    return {
        "held": summary["held"],
        "cost": summary["total_cost"],
        "participants": summary["participants"],
        "target_participants": summary["target_participants"],
        "cost_per_participant": summary["cost_per_participant"],
        "cost_per_target_participant": summary["cost_per_target_participant"],
        "feedback_score": summary["feedback_score"],
        "sales_before": sales_before,
        "sales_after": sales_after,
        "uplift": sales_uplift(sales_before, sales_after),
        "method": campaign_method(),
        "windows": (before, after),
    }


def participants_by_specialty(filters: Filters, *, cells: bool = True) -> list[dict]:
    """Attended participants of the events held (or later) by specialty (empty specialty shown
    as such), most first: from the specialty cells for broad filters, else counted live."""
    cell_qs = selectors.specialty_cells(filters) if cells else None
    if cell_qs is not None:
        rows = cell_qs.values("specialty").annotate(n=Sum("participants"))
    else:
        events = selectors.facts_filtered(filters).filter(status__in=HELD_OR_LATER)
        rows = (
            Participant.objects.filter(
                event_id__in=events.values("event_id"), status=Participant.Status.ATTENDED
            )
            .values("specialty")
            .annotate(n=Count("id"))
        )
    return list(rows.order_by("-n", "specialty"))
