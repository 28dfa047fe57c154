import pytest

from tests.factories.core import UserFactory
from tests.factories.field import FieldRepFactory


@pytest.fixture
def manager(db):
    return UserFactory(role="marketing_manager")


@pytest.fixture
def rep(manager):
    return FieldRepFactory(manager=manager, base_latitude=55.7, base_longitude=37.6).user


@pytest.fixture
def other_rep(db):
    return FieldRepFactory().user
