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
from kolplatform.core.approvals import approval_pending_for_user
from payments.selectors import payout_list

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans are PostgreSQL's (DATABASE_URL=postgres://…)"
)

LISTS = {
    "payouts": lambda user: payout_list(user=user),
    "contracts": lambda user: contract_list(user=user),
    "archive": lambda user: archive_documents(filters={}),
    "approvals inbox": lambda user: approval_pending_for_user(user=user),
    "events": lambda user: event_list(user=user),
}


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_first_page_comes_from_an_index(admin_user, name):
    page = LISTS[name](admin_user)[:50]
    plan = plan_of(page)
    assert "Sort" not in plan, f"{name}: no index serves the order\n{plan}"
