"""Notification list, bell and read marks (htmx)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kolplatform.core.notifications import (
    notification_get_for_user,
    notification_list_for_user,
    notification_mark_all_read,
    notification_mark_read,
    notification_unread_count,
)
from kolplatform.core.redirects import safe_next_url

PAGE_SIZE = 20
CHANGED_EVENT = "notifications-changed"  # the bell listens for it and refreshes its count


@login_required
@require_GET
def notifications_list(request):
    """Every user's own notifications, unread first."""
    return _list_page(request)


def _list_page(request):
    page_obj = Paginator(notification_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page_obj": page_obj, "unread": notification_unread_count(user=request.user)}
    return render(request, "core/notifications/list.html", context)


@login_required
@require_GET
def notifications_bell(request):
    """The bell fragment, polled by htmx every minute."""
    unread = notification_unread_count(user=request.user)
    return render(request, "core/notifications/_bell.html", {"show": True, "unread": unread})


@login_required
@require_POST
def notification_read(request, pk):
    notification = notification_mark_read(
        notification=notification_get_for_user(user=request.user, pk=pk)
    )
    if request.htmx:
        response = render(request, "core/notifications/_item.html", {"n": notification})
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect("core:notifications")


@login_required
@require_POST
def notification_read_all(request):
    notification_mark_all_read(user=request.user)
    if request.htmx:
        response = _list_page(request)
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect("core:notifications")


@login_required
@require_GET
def notification_open(request, pk):
    """Follow a notification's link and mark it read on the way."""
    notification = notification_mark_read(
        notification=notification_get_for_user(user=request.user, pk=pk)
    )
    return redirect(safe_next_url(request, notification.url, "core:notifications"))
