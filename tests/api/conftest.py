import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiKey
from api.services.keys import api_key_create
from kolplatform.core.roles import Role


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def make_key(db, make_user):
    """make_key(scopes, role=...) -> (ApiKey, the key) through the service, as the page does."""
    creator = make_user(Role.ADMIN, username="key-admin")

    def make(scopes=("*",), role=Role.ADMIN, **kwargs):
        return api_key_create(
            integration=kwargs.pop("integration", "CRM"),
            role=role,
            scopes=list(scopes),
            actor=creator,
            **kwargs,
        )

    return make


@pytest.fixture
def key_client(make_key):
    """key_client(scopes, role=...) -> an APIClient sending that key."""

    def make(scopes=("*",), role=Role.ADMIN, **kwargs):
        client = APIClient()
        _api_key, key = make_key(scopes, role=role, **kwargs)
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return client

    return make


def kol_key_client(user, scopes=("*",)) -> APIClient:
    """A key acting as a KOL's own account (a KOL's personal integration)."""
    _api_key, key = ApiKey.objects.create_key(
        name="KOL", integration="KOL", scopes=list(scopes), user=user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def assert_error(response, status: int, code: str | None = None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "field_errors"}, body
    if code:
        assert body["code"] == code, body
    return body
