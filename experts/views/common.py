"""Helpers shared by the views of the expert base."""

from django.core.exceptions import PermissionDenied

from kolplatform.core.client_ip import client_ip as core_client_ip


def require_perm(user, perm: str, obj=None) -> None:
    if not user.is_authenticated or not user.has_perm(perm, obj):
        raise PermissionDenied


def require_staff(user) -> None:
    if not user.is_authenticated or not user.is_staff_member:
        raise PermissionDenied


def client_ip(request) -> str | None:
    """The signer's address for the consent/signature evidence: the trusted client IP."""
    return core_client_ip(request)


def querystring_without(request, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()
