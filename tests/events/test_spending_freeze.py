"""Spending freeze through the page (DESIGN.md §5): while an event is in budget approval or
re-approval, the actual of a budget line cannot be raised, nor a line added; lowering is allowed.

The budget line form is a ModelForm: it writes the posted values onto the instance before the
service runs, so the service must compare against the stored row (events/services/budget.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from events.budget_rules import freeze_refuses
from events.models import Event
from tests.events.conftest import set_status

pytestmark = pytest.mark.django_db

FROZEN = [Event.Status.BUDGET_APPROVAL, Event.Status.BUDGET_REAPPROVAL]


def post_line(client, event, line, **changes):
    data = {
        "category": line.category,
        "description": line.description,
        "planned": line.planned,
        "final": line.final,
        "actual": line.actual,
        "is_entertainment": "",
        **changes,
    }
    return client.post(reverse("events:budget_edit", args=[event.pk, line.pk]), data, follow=True)


@pytest.fixture
def line(draft_event):
    line = draft_event.budget_lines.get()
    line.actual = Decimal("60000.00")
    line.save(update_fields=["actual"])
    return line


@pytest.mark.parametrize("status", FROZEN)
def test_raising_the_actual_through_the_page_is_refused_while_frozen(
    client, marketing_manager, draft_event, line, status
):
    event = set_status(draft_event, status)
    client.force_login(marketing_manager)
    for amount in ("70000.00", "99000.00", "60000.01"):
        response = post_line(client, event, line, actual=amount)
        assert response.status_code == 200
        assert "No new spending while the event is in approval" in response.content.decode()
        line.refresh_from_db()
        assert line.actual == Decimal("60000.00")


@pytest.mark.parametrize("status", FROZEN)
def test_adding_a_line_through_the_page_is_refused_while_frozen(
    client, marketing_manager, draft_event, line, status
):
    event = set_status(draft_event, status)
    client.force_login(marketing_manager)
    response = client.post(
        reverse("events:budget_add", args=[event.pk]),
        {
            "category": line.category,
            "description": "Ещё",
            "planned": "1",
            "final": "0",
            "actual": "0",
        },
    )
    assert response.status_code == 200
    assert "No new spending" in response.content.decode()
    assert event.budget_lines.count() == 1


@pytest.mark.parametrize("status", FROZEN)
def test_lowering_or_keeping_the_actual_is_allowed_while_frozen(
    client, marketing_manager, draft_event, line, status
):
    event = set_status(draft_event, status)
    client.force_login(marketing_manager)
    post_line(client, event, line, actual="60000.00", description="Уточнено")
    line.refresh_from_db()
    assert line.description == "Уточнено"
    post_line(client, event, line, actual="50000.00")
    line.refresh_from_db()
    assert line.actual == Decimal("50000.00") and line.description == "Уточнено"


def test_raising_the_actual_is_allowed_when_not_frozen(
    client, marketing_manager, draft_event, line
):
    client.force_login(marketing_manager)
    post_line(client, draft_event, line, actual="70000.00")
    line.refresh_from_db()
    assert line.actual == Decimal("70000.00")


@pytest.mark.parametrize(
    ("frozen", "stored", "new", "refused"),
    [
        (False, None, "1", False),
        (False, "10", "20", False),
        (True, None, "0", True),
        (True, "10.00", "10.00", False),
        (True, "10.00", "10.001", False),  # rounds to the same kopeck
        (True, "10.00", "10.01", True),
        (True, "10.00", "9.99", False),
    ],
)
def test_freeze_rule_table(frozen, stored, new, refused):
    assert (
        freeze_refuses(
            is_frozen=frozen,
            stored_actual=Decimal(stored) if stored is not None else None,
            new_actual=Decimal(new),
        )
        is refused
    )


money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(stored=money, new=money)
def test_freeze_refuses_exactly_the_raises(stored, new):
    assert freeze_refuses(is_frozen=True, stored_actual=stored, new_actual=new) is (new > stored)
    assert freeze_refuses(is_frozen=False, stored_actual=stored, new_actual=new) is False
