from decimal import Decimal

import pytest

from kolplatform.core.roles import Role
from tests.factories.core import ApprovalRouteFactory, ApprovalStepFactory
from tests.testapp.factories import WidgetFactory
from tests.testapp.models import Widget


@pytest.fixture
def widget_route(legal):
    """Widget route: check by an approver (always), finance from 100 000, the named lawyer from
    500 000."""
    route = ApprovalRouteFactory(code="widget", name="Виджеты", target_model=Widget)
    ApprovalStepFactory(route=route, order=1, name="Проверка", role=Role.APPROVER, sla_days=2)
    ApprovalStepFactory(
        route=route, order=2, name="Финансы", role=Role.FINANCE, min_amount=Decimal("100000")
    )
    ApprovalStepFactory(
        route=route,
        order=3,
        name="Юрист",
        role="",
        user=legal,
        min_amount=Decimal("500000"),
        sla_days=1,
    )
    return route


@pytest.fixture
def widget(marketing_manager):
    return WidgetFactory(owner=marketing_manager, amount=Decimal("50000.00"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
