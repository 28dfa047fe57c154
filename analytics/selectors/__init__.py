"""Reads of plan and fact for the dashboard, drill-downs, exports and the BI API.

Pure query functions taking a `Filters`; aggregates run in SQL over the summary tables refreshed
together from the view analytics_bi_event_facts: the monthly cells (analytics.FactCell) and the
experts counts (analytics.SpeakerCount) where the filters allow, else the per-event table
(analytics.EventFact). Drill-down lists always read the per-event table; both levels hold the
same refresh, so a list sums to the figure clicked.

The reads live in the modules of this package (facts, plan, drill, kpi, kol, freshness); their
public names are re-exported here for the many callers."""

from analytics.selectors.drill import drill_events, drill_payouts
from analytics.selectors.facts import (
    CELL_DIMS,
    PLAN_FIELDS,
    PRODUCT_CELL_DIMS,
    ZERO,
    cell_aggregates,
    cells_filtered,
    cost_by_product,
    cost_share_sum,
    experts_count,
    experts_engaged,
    fact_summary,
    facts_by,
    facts_by_month,
    facts_filtered,
    facts_grid,
    held_products,
    held_regions,
    held_summary,
    named,
    product_costs,
    product_share,
    rollup,
    specialty_cells,
    summarize,
    top_product_costs,
)
from analytics.selectors.field import field_summary, field_visit_rows
from analytics.selectors.freshness import data_as_of, data_import_get_for_user
from analytics.selectors.kol import kol_engagements, kol_payouts, kol_ratings_by_month
from analytics.selectors.kpi import kpi_for_manager, kpi_met
from analytics.selectors.plan import kpi_cards, plan_by, plan_month_share, plan_rows, plan_summary

__all__ = [
    "field_summary",
    "field_visit_rows",
    "CELL_DIMS",
    "PLAN_FIELDS",
    "ZERO",
    "cell_aggregates",
    "cells_filtered",
    "cost_by_product",
    "cost_share_sum",
    "data_as_of",
    "data_import_get_for_user",
    "drill_events",
    "drill_payouts",
    "experts_count",
    "experts_engaged",
    "fact_summary",
    "facts_by",
    "facts_by_month",
    "facts_filtered",
    "facts_grid",
    "held_products",
    "held_regions",
    "held_summary",
    "kol_engagements",
    "kol_payouts",
    "kol_ratings_by_month",
    "kpi_cards",
    "kpi_for_manager",
    "kpi_met",
    "plan_by",
    "plan_month_share",
    "plan_rows",
    "plan_summary",
    "named",
    "product_costs",
    "top_product_costs",
    "product_share",
    "PRODUCT_CELL_DIMS",
    "rollup",
    "specialty_cells",
    "summarize",
]
