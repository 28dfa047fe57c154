"""Helpers shared by the payments views."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from kolplatform.core.approvals import ApprovalError
from payments.services import PayoutError


def permission_required(perm: str):
    """Signed in (else the login page) and holding `perm` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def run_action(request, action, *, success: str, next_url: str):
    """Call a service; a domain error becomes an error message. Always redirect back."""
    try:
        action()
    except (PayoutError, ApprovalError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(next_url)


def form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
