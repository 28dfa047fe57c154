"""The big lists read their page from an index in their own order (PostgreSQL).

A list ordered by columns without an index sorts every row to show 50: at 500,000 payouts that
is a parallel scan and an on-disk sort. With sequential scans and sorts priced out of reach
(enable_seqscan/enable_sort off), the plan of the first page must have no Sort node: if it does,
no index serves the order, and the test names the list. Deleting one of the list indexes fails it.
"""

import pytest
from django.db import connection, transaction

from contracts.selectors import archive_documents, contract_list
from events.selectors import event_list
from experts.selectors import expert_list, expert_list_rows
from kolplatform.core.approvals import approval_pending_for_user
from payments.selectors import payout_list
from tests.factories.core import RegionFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans are PostgreSQL's (DATABASE_URL=postgres://…)"
)

# The expert list's filters served by an index in the list's order.
EXPERT_FILTERS = {"tier": "national", "city": "Москва", "active": "yes", "region": None}


def experts(user, filters):
    if "region" in filters:
        filters = {"region": str(RegionFactory().pk)}
    filterset = expert_list(user=user, filters=filters)
    assert filterset.is_valid(), filterset.errors
    return expert_list_rows(filterset)


EXPERT_LISTS = {
    f"experts by {name}": lambda user, f={name: value}: experts(user, f)
    for name, value in EXPERT_FILTERS.items()
}

LISTS = {
    "payouts": lambda user: payout_list(user=user),
    "contracts": lambda user: contract_list(user=user),
    "archive": lambda user: archive_documents(filters={}),
    "approvals inbox": lambda user: approval_pending_for_user(user=user),
    "events": lambda user: event_list(user=user),
    "experts": lambda user: experts(user, {}),
    **EXPERT_LISTS,
}


def plan_of(queryset, *off) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", *off):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_first_page_comes_from_an_index(admin_user, name):
    page = LISTS[name](admin_user)[:50]
    plan = plan_of(page)
    assert "Sort" not in plan, f"{name}: no index serves the order\n{plan}"


# The capped counts (10,001 rows at the target scale) read an index alone: every column the
# count filters on is in it (an index scan that must visit the table to check one more column
# costs 20-60 ms at factor 100 on a cold cache, an index-only scan 1-4 ms).
COUNT_INDEXES = {
    **{
        f"experts by {column}": (
            "experts_expert",
            f"({column}, last_name, first_name, id) WHERE (merged_into_id IS NULL)",
        )
        for column in ("tier", "city", "is_active", "region_id")
    },
    "approvals inbox": ("core_approvalrequest", "(status, current_step_id, requested_by_id)"),
}


@pytest.mark.parametrize("name", sorted(COUNT_INDEXES))
def test_the_capped_counts_have_a_covering_index(db, name):
    table, columns = COUNT_INDEXES[name]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]
    assert any(d.endswith(f"USING btree {columns}") for d in definitions), (
        f"{name}: no index {columns} on {table}"
    )


def test_roi_reads_the_sales_from_an_index_alone(db):
    """ROI sums a campaign's sales (analytics.roi.campaign_sales and the per-event windows) by
    product, month and region: an index with those columns and the amount answers it without
    the table (6 ms at factor 100; 14 ms when the rows were read as well)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'analytics_salesrecord'")
        definitions = [row[0] for row in cursor.fetchall()]
    columns = "(product_id, month, region_id) INCLUDE (amount)"
    assert any(d.endswith(f"USING btree {columns}") for d in definitions), definitions
