"""Budgets of the daily pages: the number of queries does not grow with the rows of a table, and
the HTML stays within a size budget however many staff users, products or rows there are (a
select of every user or product would grow it: pickers search on the server instead).

Other pages have their own query-count tests next to their views (experts, events, payments,
contracts, notifications, approvals, audit, analytics, feedback).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kolplatform.core.roles import Role
from tests.factories.contracts import ContractFactory
from tests.factories.core import ProductFactory, TherapeuticAreaFactory, UserFactory
from tests.factories.events import BudgetLineFactory, EventFactory, TaskFactory
from tests.factories.experts import ExpertFactory
from tests.factories.payments import PayoutFactory

KB = 1024


def measure(client, url) -> tuple[int, int]:
    """(queries, bytes of HTML) of one GET that must answer 200."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), len(response.content)


def more_staff_and_products(n: int) -> None:
    """n staff users and n products (of one therapeutic area: the areas are a short list)."""
    area = TherapeuticAreaFactory(name="Кардиология")
    for i in range(n):
        role = (Role.MARKETING_MANAGER, Role.FIELD_STAFF, Role.FINANCE)[i % 3]
        UserFactory(role=role)
        ProductFactory(therapeutic_area=area)


# Pages with a user or product field; HTML budget in KB.
PICKER_PAGES = {
    "experts:list": 80,
    "experts:create": 80,
    "events:list": 60,
    "events:create": 80,
    "analytics:dashboard": 120,
    "analytics:plan_new": 60,
    "analytics:kpi_target_new": 60,
}


@pytest.mark.parametrize("name", sorted(PICKER_PAGES))
def test_no_page_lists_every_user_or_product(client, admin_user, name):
    client.force_login(admin_user)
    url = reverse(name)
    client.get(url)  # warm the session and the caches
    more_staff_and_products(3)
    queries, size = measure(client, url)
    more_staff_and_products(60)
    more_queries, more_size = measure(client, url)
    assert more_queries == queries
    # The names of the 60 users and 60 products would add several KB as options.
    assert more_size - size < KB, f"{name} grew by {more_size - size} bytes"
    assert more_size < PICKER_PAGES[name] * KB


def test_expert_profile_does_not_list_products(client, admin_user):
    expert = ExpertFactory()
    client.force_login(admin_user)
    url = reverse("experts:detail", args=[expert.pk])
    client.get(url)
    more_staff_and_products(3)
    queries, size = measure(client, url)
    more_staff_and_products(60)
    assert measure(client, url) == (queries, size)


def test_picker_search_answers_a_few_matches(client, admin_user):
    for i in range(30):
        UserFactory(role=Role.FIELD_STAFF, last_name=f"Зыков{i:02d}")
    client.force_login(admin_user)
    url = reverse("core:picker_search", args=["staff"])
    html = client.get(url, {"responsible_q": "Зык"}).content.decode()
    assert html.count('<option value="') == 20 + 1  # 20 matches and the prompt
    assert client.get(url, {"q": "з"}).content.decode().count("<option") == 1  # too short
    assert client.get(reverse("core:picker_search", args=["nobody"])).status_code == 404


def _events(n, owner):
    start = timezone.now() + timedelta(days=1)
    for i in range(n):
        event = EventFactory(owner=owner, starts_at=start + timedelta(hours=i))
        TaskFactory(event=event, assignee=owner)


def _budget_lines(n, owner):
    for _ in range(n):
        BudgetLineFactory(event=EventFactory(owner=owner))


def _payouts(n, owner):
    for _ in range(n):
        PayoutFactory(contract=ContractFactory(owner=owner))


def _contracts(n, owner):
    for _ in range(n):
        ContractFactory(owner=owner)


def _experts(n, owner):
    for _ in range(n):
        ExpertFactory(responsible=owner)


# List pages without a query-count test of their own: (URL name, rows maker, HTML budget in KB
# at 15 rows).
LISTS = [
    ("events:calendar", _events, 80),
    ("events:my_tasks", _events, 60),
    ("payments:registry_list", _payouts, 40),
    ("admin:experts_expert_changelist", _experts, 80),
    ("admin:events_event_changelist", _events, 80),
    ("admin:events_budgetline_changelist", _budget_lines, 80),
    ("admin:events_task_changelist", _events, 80),
    ("admin:payments_payout_changelist", _payouts, 80),
    ("admin:contracts_contract_changelist", _contracts, 80),
    ("admin:core_auditlog_changelist", _contracts, 80),
]


@pytest.mark.parametrize(("name", "make", "budget"), LISTS, ids=[n for n, *_ in LISTS])
def test_list_queries_do_not_grow_with_rows(client, admin_user, name, make, budget):
    client.force_login(admin_user)
    url = reverse(name)
    client.get(url)
    make(5, admin_user)
    queries, _ = measure(client, url)
    make(10, admin_user)
    more_queries, size = measure(client, url)
    assert more_queries == queries
    assert size < budget * KB


BIG_TABLE_CHANGELISTS = [
    ("admin:experts_expert_changelist", _experts),
    ("admin:events_event_changelist", _events),
    ("admin:events_budgetline_changelist", _budget_lines),
    ("admin:payments_payout_changelist", _payouts),
    ("admin:contracts_contract_changelist", _contracts),
]


@pytest.mark.parametrize(
    ("name", "make"), BIG_TABLE_CHANGELISTS, ids=[n for n, _ in BIG_TABLE_CHANGELISTS]
)
def test_big_table_changelists_render_a_short_page(client, admin_user, name, make):
    """50 rows a page, without the sidebar of every admin model (50 KB), each row's checkbox
    still there where there are actions, and no full count."""
    make(55, admin_user)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse(name)).content.decode()
    assert 'id="nav-sidebar"' not in html
    table = html[html.index('id="result_list"') :]
    assert table[: table.index("</table>")].count("<tr") == 1 + 50
    if "action-toggle" in html:  # the read-only ones (payouts) have no actions
        assert html.count('class="action-select"') == 50
        assert "Select this object for an action - " in html
    assert len([q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]) <= 1
