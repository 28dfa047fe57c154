"""Access checks of the platform pages (until every view uses the shared permission mixins)."""

from django.core.exceptions import PermissionDenied


def require_staff(user) -> None:
    """Staff pages: a KOL or a user without a staff role gets 403."""
    if not user.is_staff_member:
        raise PermissionDenied


def require_perm(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied
