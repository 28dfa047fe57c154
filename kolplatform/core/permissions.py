"""Role gates for views: anonymous users go to the login page, signed-in users without the role
get 403 (PermissionDenied, rendered by templates/403.html).

Class-based views::

    class ExpertListView(StaffRequiredMixin, ListView): ...
    class PayoutListView(RoleRequiredMixin, ListView):
        roles = (Role.FINANCE, Role.MARKETING_MANAGER)

Function views::

    @staff_required
    def expert_list(request): ...

    @role_required(Role.FINANCE)
    def registry_download(request, pk): ...

    @kol_required
    def cabinet_home(request): ...

A superuser passes every staff gate (User.has_role) but not the KOL gate. These gates check the
role only; object-level checks stay in each app's `*_get_for_user` selectors.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from kolplatform.core.roles import STAFF_ROLES, Role


def check_roles(user, roles: Iterable[str]) -> bool:
    """True when `user` is signed in and holds any of `roles`; raises PermissionDenied when signed
    in without them; False for anonymous users (the caller redirects to the login page)."""
    if not user.is_authenticated:
        return False
    if not user.has_role(*roles):
        raise PermissionDenied
    return True


class RoleRequiredMixin(AccessMixin):
    """Let through users holding any of `roles` (set on the view class)."""

    roles: Iterable[str] = ()

    def get_roles(self) -> tuple[str, ...]:
        if not self.roles:
            raise ImproperlyConfigured(f"{type(self).__name__} must set `roles`.")
        return tuple(self.roles)

    def dispatch(self, request, *args, **kwargs):
        if not check_roles(request.user, self.get_roles()):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(RoleRequiredMixin):
    """Any staff role (everyone but a KOL)."""

    roles = tuple(STAFF_ROLES)


class KolRequiredMixin(RoleRequiredMixin):
    """The KOL cabinet: only users in the kol group (superusers are not KOLs)."""

    roles = (Role.KOL,)


def role_required(*roles: str) -> Callable:
    """Decorator for function views; same behaviour as RoleRequiredMixin."""
    if not roles:
        raise ImproperlyConfigured("role_required needs at least one role.")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check_roles(request.user, roles):
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
staff_required.__doc__ = "Decorator: any staff role (everyone but a KOL)."
kol_required = role_required(Role.KOL)
kol_required.__doc__ = "Decorator: the KOL cabinet only."
