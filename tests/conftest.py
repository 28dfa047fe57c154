"""Shared fixtures: one persona per role (DESIGN.md §3), and a second KOL
for "another KOL's object".

Every protected view is tested with: the allowed role, a wrong role, a KOL, another KOL, anonymous.
"""

import zlib

import factory.random
import pytest
from django.core.cache import cache
from django.utils import translation
from faker import Faker

from kolplatform.core.roles import Role
from tests.factories.core import UserFactory
from tests.factories.experts import KolUserFactory

pytest_plugins = ["tests.db_fixtures", "tests.worker_fixtures"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests speak English (the msgids); tests of the Russian UI ask for "ru" explicitly."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _seeded_fakes(request):
    """Faker and factory_boy draw from a seed derived from the test's node id: a test gets the
    same names on every run and on every database, and different tests get different ones."""
    seed = zlib.crc32(request.node.nodeid.encode())
    factory.random.reseed_random(seed)
    Faker.seed(seed)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def empty_cache():
    """An empty cache before and after the test (rate-limit counters, throttles)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def field_staff(make_user):
    return make_user(Role.FIELD_STAFF, username="field")


@pytest.fixture
def marketing_manager(make_user):
    return make_user(Role.MARKETING_MANAGER, username="manager")


@pytest.fixture
def approver(make_user):
    return make_user(Role.APPROVER, username="approver")


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, username="legal")


@pytest.fixture
def compliance(make_user):
    return make_user(Role.COMPLIANCE, username="compliance")


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE, username="finance")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def kol(db):
    """A KOL user; their expert is `kol.expert`."""
    return KolUserFactory(username="kol")


@pytest.fixture
def other_kol(db):
    return KolUserFactory(username="kol2")


@pytest.fixture
def personas(
    field_staff, marketing_manager, approver, legal, compliance, finance, admin_user, kol, other_kol
):
    """All personas by name, for permission matrices."""
    return {
        "field_staff": field_staff,
        "marketing_manager": marketing_manager,
        "approver": approver,
        "legal": legal,
        "compliance": compliance,
        "finance": finance,
        "admin": admin_user,
        "kol": kol,
        "other_kol": other_kol,
    }
