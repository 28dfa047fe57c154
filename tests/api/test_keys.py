"""API keys: hashed storage, scopes, expiry, revocation, last use, rate limit, audit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from api.scopes import scope_allows
from api.services.keys import ApiKeyError, api_key_revoke
from kolplatform.core.models import AuditLog
from kolplatform.core.roles import Role
from tests.api.conftest import assert_error
from tests.factories.experts import ExpertFactory

LIST = "/api/v1/experts/"


@pytest.mark.parametrize(
    ("granted", "needed", "allowed"),
    [
        (["experts:read"], "experts:read", True),
        (["experts:read"], "experts:write", False),
        (["experts:write"], "experts:read", False),
        (["experts:*"], "experts:write", True),
        (["experts:*"], "payouts:read", False),
        (["*"], "payouts:write", True),
        ([], "experts:read", False),
        (["experts"], "experts:read", False),
        (["payouts:read", "experts:read"], "experts:read", True),
    ],
)
def test_scope_matching(granted, needed, allowed):
    assert scope_allows(granted, needed) is allowed


def test_key_is_stored_hashed_and_works(make_key, api):
    api_key, key = make_key(["experts:read"])
    assert key.startswith(api_key.prefix + ".")
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert key not in (stored.hashed_key, stored.id)
    assert key.split(".", 1)[1] not in stored.hashed_key
    assert stored.last_used_at is None
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get(LIST).status_code == 200
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None


def test_wrong_missing_expired_revoked_keys_are_401(make_key, api, admin_user):
    assert_error(api.get(LIST), 401, "not_authenticated")
    api.credentials(HTTP_AUTHORIZATION="Api-Key nothing.here")
    assert_error(api.get(LIST), 401, "authentication_failed")
    api_key, key = make_key(["*"])
    wrong_last = "y" if key.endswith("x") else "x"
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key[:-1]}{wrong_last}")
    assert_error(api.get(LIST), 401)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api.get(LIST).status_code == 200
    ApiKey.objects.filter(pk=api_key.pk).update(expiry_date=timezone.now() - timedelta(seconds=1))
    body = assert_error(api.get(LIST), 401, "authentication_failed")
    assert "expired" in body["message"]
    ApiKey.objects.filter(pk=api_key.pk).update(expiry_date=None)
    api_key_revoke(api_key=api_key, actor=admin_user)
    assert_error(api.get(LIST), 401, "authentication_failed")
    with pytest.raises(ApiKeyError):
        api_key_revoke(api_key=ApiKey.objects.get(pk=api_key.pk), actor=admin_user)


def test_key_create_refuses_bad_input(make_key):
    with pytest.raises(ApiKeyError):
        make_key(["experts:delete"])
    with pytest.raises(ApiKeyError):
        make_key([])
    with pytest.raises(ApiKeyError):
        make_key(["*"], role=Role.KOL)
    with pytest.raises(ApiKeyError):
        make_key(["*"], expires_at=timezone.now() - timedelta(days=1))


def test_rate_limited_per_key(key_client, monkeypatch):
    from api.auth import KeyRateThrottle

    monkeypatch.setattr(KeyRateThrottle, "THROTTLE_RATES", {"api_key": "3/min"})
    first, second = key_client(["*"]), key_client(["*"])
    assert [first.get(LIST).status_code for _ in range(3)] == [200] * 3
    response = first.get(LIST)
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert second.get(LIST).status_code == 200  # another key has its own budget


def test_writes_are_audited_with_the_key(make_key, api):
    api_key, key = make_key(["experts:*"], role=Role.MARKETING_MANAGER)
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    expert = ExpertFactory()
    response = api.patch(f"{LIST}{expert.pk}/", {"position": "Заведующий"}, format="json")
    assert response.status_code == 200, response.content
    record = AuditLog.objects.filter(object_id=str(expert.pk), action="update").latest("id")
    assert record.actor == api_key.user
    assert record.changes["via"] == {
        "channel": "api",
        "api_key": api_key.prefix,
        "integration": "CRM",
    }
    assert record.changes["position"][1] == "Заведующий"


def test_key_page_admin_only_shows_key_once(client, personas):
    url = reverse("api_keys:list")
    for name, user in personas.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if name == "admin" else 403), name
    client.force_login(personas["admin"])
    response = client.post(
        url,
        {"integration": "Power BI", "role": Role.COMPLIANCE, "scopes": ["analytics:read"]},
    )
    assert response.status_code == 201
    key = response.context["created_key"]
    assert key and key in response.content.decode()
    api_key = ApiKey.objects.get(integration="Power BI")
    assert api_key.scopes == ["analytics:read"]
    assert api_key.user.has_role(Role.COMPLIANCE) and not api_key.user.has_usable_password()
    assert key not in client.get(url).content.decode()  # shown once
    response = client.post(reverse("api_keys:revoke", args=[api_key.prefix]))
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked and api_key.revoked_at and not api_key.user.is_active


def test_key_page_refuses_invalid_form(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("api_keys:list"), {"integration": "", "scopes": []})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_key_page_query_count_constant(client, admin_user, make_key, django_assert_max_num_queries):
    client.force_login(admin_user)
    make_key(["*"])
    client.get(reverse("api_keys:list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("api_keys:list"))
    for _ in range(5):
        make_key(["*"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("api_keys:list"))


def test_key_creation_and_revocation_are_audited(make_key, admin_user):
    api_key, _key = make_key(["experts:read"], integration="Power BI")
    created = AuditLog.objects.get(object_id=str(api_key.user.pk), action="create")
    assert created.changes["prefix"] == api_key.prefix
    assert created.changes["scopes"] == ["experts:read"]
    api_key_revoke(api_key=api_key, actor=admin_user)
    revoked = AuditLog.objects.get(object_id=str(api_key.user.pk), action="update")
    assert revoked.actor == admin_user and revoked.changes["revoked"] is True
