"""Who is calling /api/v1/: a system with an API key (acting as the key's service account,
limited to the key's scopes) or a signed-in user (session; the UI's permissions, no scopes)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiKey
from api.scopes import scope_allows

KEYWORD = "Api-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <prefix>.<secret>`; the key must be neither revoked nor expired,
    and its service account active."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header."))
        key = parts[1].decode("latin-1")
        try:
            api_key = ApiKey.objects.get_from_key(key)
        except ApiKey.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API key.")) from exc
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        if not api_key.user.is_active:
            raise exceptions.AuthenticationFailed(_("The API key's account is disabled."))
        _touch(api_key)
        return api_key.user, api_key

    def authenticate_header(self, request):
        return KEYWORD


def _touch(api_key: ApiKey) -> None:
    """Record the last use, at most once a minute per key (one UPDATE, no save())."""
    now = timezone.now()
    every = timedelta(seconds=settings.API_KEY_TOUCH_SECONDS)
    if api_key.last_used_at is None or now - api_key.last_used_at >= every:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization"}


def request_key(request) -> ApiKey | None:
    return request.auth if isinstance(request.auth, ApiKey) else None


class HasScope(BasePermission):
    """A key needs the view's scope: `<view.scope_resource>:read` for GET/HEAD/OPTIONS,
    `:write` otherwise (a view may name another in `scope_by_action`). A session user has no
    scopes; the selectors decide what they see."""

    message = _("This API key does not have the scope this request needs.")

    def has_permission(self, request, view):
        key = request_key(request)
        if key is None:
            return True
        needed = needed_scope(request, view)
        self.message = _("This API key lacks the scope “%(scope)s”.") % {"scope": needed}
        return scope_allows(key.scopes, needed)


def needed_scope(request, view) -> str:
    action = getattr(view, "action", None)
    overrides = getattr(view, "scope_by_action", {})
    if action in overrides:
        return overrides[action]
    kind = "read" if request.method in SAFE_METHODS else "write"
    return f"{view.scope_resource}:{kind}"


class KeyRateThrottle(SimpleRateThrottle):
    """Requests per key (settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES["api_key"])."""

    scope = "api_key"

    def get_cache_key(self, request, view):
        key = request_key(request)
        return self.cache_format % {"scope": self.scope, "ident": key.pk} if key else None


class UserRateThrottle(SimpleRateThrottle):
    """Requests per signed-in user without a key (DEFAULT_THROTTLE_RATES["api_user"])."""

    scope = "api_user"

    def get_cache_key(self, request, view):
        if request_key(request) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
