"""Route selection by kind of object and amount; which steps apply; who may decide."""

from decimal import Decimal

import pytest

from kolplatform.core.approvals import (
    approval_route_for,
    approval_steps_for,
    step_deciders,
)
from kolplatform.core.models import Notification
from kolplatform.core.roles import Role
from tests.factories.core import ApprovalRouteFactory, ApprovalStepFactory
from tests.testapp.models import Widget

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranged_routes():
    """Three consecutive ranges, an inactive route and a route of another kind of object."""
    return {
        "small": ApprovalRouteFactory(code="small", target_model=Widget, max_amount=100_000),
        "medium": ApprovalRouteFactory(
            code="medium", target_model=Widget, min_amount=100_000, max_amount=1_000_000
        ),
        "large": ApprovalRouteFactory(code="large", target_model=Widget, min_amount=1_000_000),
        "inactive": ApprovalRouteFactory(
            code="inactive", target_model=Widget, min_amount=0, is_active=False
        ),
        "notification": ApprovalRouteFactory(code="other-kind", target_model=Notification),
    }


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (None, "small"),
        (Decimal("0"), "small"),
        (Decimal("99999.99"), "small"),
        (Decimal("100000.00"), "medium"),  # lower bound inclusive
        (Decimal("999999.99"), "medium"),
        (Decimal("1000000.00"), "large"),  # upper bound exclusive
        (Decimal("50000000"), "large"),
    ],
)
def test_route_is_chosen_by_amount_range(ranged_routes, amount, expected):
    route = approval_route_for(target_model=Widget, amount=amount)
    assert route == ranged_routes[expected]


def test_route_of_another_kind_of_object_is_not_used(ranged_routes):
    assert approval_route_for(target_model=Notification, amount=None).code == "other-kind"
    widget_routes = {approval_route_for(target_model=Widget, amount=a).code for a in (1, 10**7)}
    assert "other-kind" not in widget_routes and "inactive" not in widget_routes


def test_most_specific_of_overlapping_routes_wins():
    general = ApprovalRouteFactory(code="general", target_model=Widget)
    specific = ApprovalRouteFactory(
        code="specific", target_model=Widget, min_amount=500, max_amount=1000
    )
    assert approval_route_for(target_model=Widget, amount=Decimal("600")) == specific
    assert approval_route_for(target_model=Widget, amount=Decimal("1000")) == general
    assert approval_route_for(target_model=Widget, amount=None) == general


def test_no_route_for_an_unconfigured_kind():
    assert approval_route_for(target_model=Widget, amount=Decimal("1")) is None


@pytest.mark.parametrize(
    ("amount", "expected_steps"),
    [
        (None, ["Проверка"]),
        (Decimal("99999.99"), ["Проверка"]),
        (Decimal("100000"), ["Проверка", "Финансы"]),
        (Decimal("499999.99"), ["Проверка", "Финансы"]),
        (Decimal("500000"), ["Проверка", "Финансы", "Юрист"]),
    ],
)
def test_steps_apply_from_their_threshold(widget_route, amount, expected_steps):
    steps = approval_steps_for(route=widget_route, amount=amount)
    assert [s.name for s in steps] == expected_steps


def test_role_step_deciders_are_the_active_role_members(widget_route, approver, make_user):
    inactive = make_user(Role.APPROVER, username="gone", is_active=False)
    second = make_user(Role.APPROVER, username="approver2")
    step = widget_route.steps.get(order=1)
    assert set(step_deciders(step)) == {approver, second}
    assert inactive not in step_deciders(step)


def test_user_step_deciders_are_that_user_only(widget_route, legal, make_user):
    other_lawyer = make_user(Role.LEGAL, username="legal2")
    step = widget_route.steps.get(order=3)
    assert list(step_deciders(step)) == [legal]
    assert other_lawyer not in step_deciders(step)


def test_step_needs_a_role_or_a_user(widget_route):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ApprovalStepFactory(route=widget_route, order=9, role="", user=None)
