"""Issuing and revoking API keys. Each key acts as its own service account (a user with the
role chosen for the key and no password), so the UI's object permissions apply to it."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from api.models import ApiKey
from api.scopes import scopes_invalid
from kolplatform.core.audit import audit_log
from kolplatform.core.errors import DomainError
from kolplatform.core.models import AuditLog
from kolplatform.core.roles import STAFF_ROLES


class ApiKeyError(DomainError):
    pass


def _service_user(*, integration: str, role: str):
    slug = re.sub(r"[^a-z0-9]+", "-", integration.lower()).strip("-")[:40] or "system"
    user = get_user_model().objects.create(
        username=f"api-{slug}-{get_random_string(6).lower()}",
        first_name=integration[:150],
        last_name="API",
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user


@transaction.atomic
def api_key_create(*, integration: str, role: str, scopes, expires_at=None, actor):
    """Create a key; returns (ApiKey, the key itself — shown once, never stored)."""
    integration = integration.strip()
    if not integration:
        raise ApiKeyError(_("Name the integration."), field="integration")
    if role not in STAFF_ROLES:
        raise ApiKeyError(_("Choose a staff role for the key."), field="role")
    scopes = sorted(set(scopes))
    if not scopes:
        raise ApiKeyError(_("Choose at least one scope."), field="scopes")
    if bad := scopes_invalid(scopes):
        raise ApiKeyError(_("Unknown scopes: %(s)s.") % {"s": ", ".join(bad)}, field="scopes")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApiKeyError(_("The expiry must be in the future."), field="expires_at")
    user = _service_user(integration=integration, role=role)
    api_key, key = ApiKey.objects.create_key(
        name=integration[:50],
        integration=integration,
        scopes=scopes,
        user=user,
        expiry_date=expires_at,
        created_by=actor,
    )
    audit_log(  # on the key's account: a key's own id (prefix.hash) is longer than object ids
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=user,
        comment="API key created",
        changes={
            "integration": integration,
            "prefix": api_key.prefix,
            "role": role,
            "scopes": scopes,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor) -> ApiKey:
    """Revoke for good (the library refuses un-revoking); the service account is disabled."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked:
        raise ApiKeyError(_("The key is already revoked."))
    api_key.revoked = True
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked", "revoked_at"])
    api_key.user.is_active = False
    api_key.user.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=api_key.user,
        changes={"revoked": True, "prefix": api_key.prefix, "integration": api_key.integration},
        comment="API key revoked",
    )
    return api_key
