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


COUNTED = {
    **EXPERT_LISTS,
    "approvals inbox": lambda user: approval_pending_for_user(user=user),
}


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_the_capped_count_reads_only_an_index(admin_user, name):
    """The capped count of a list (10,001 rows at the target scale) reads its index alone, not
    the table: the expert list's indexes hold only the experts it shows (not merged away), the
    inbox's holds the requester it leaves out."""
    rows = COUNTED[name](admin_user).order_by().values("pk")[:10_001]
    plan = plan_of(rows, "enable_bitmapscan")
    assert "Index Only Scan" in plan, f"{name}: the count reads the table\n{plan}"
