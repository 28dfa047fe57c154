"""Helpers shared by the event views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from events.selectors import event_get_for_user
from kolplatform.core.actions import run_service


def event_action(perm: str = "events.change_event"):
    """A POST-only action on an event: loads it with the permission, runs the body, turns a
    domain error into a message, and returns to the event page."""

    def decorator(func):
        @login_required
        @wraps(func)
        def view(request, pk, *args, **kwargs):
            event = event_get_for_user(user=request.user, pk=pk, perm=perm)
            if request.method != "POST":
                return redirect("events:detail", pk=event.pk)
            responses = []
            run_service(request, lambda: responses.append(func(request, event, *args, **kwargs)))
            return (responses and responses[0]) or redirect("events:detail", pk=event.pk)

        return view

    return decorator


def require_staff(user):
    if not user.is_staff_member:
        raise PermissionDenied
