"""Platform panels other modules put on their pages.

{% load core_platform %}
{% approval_panel obj %}       approval history of obj + the decide form for the current user
{% audit_trail_panel obj %}    audit records of obj (staff only)
{% notification_bell %}        the bell with the unread count (navbar)
"""

from django import template
from django.middleware.csrf import get_token

from kolplatform.core.approvals import approval_history, user_can_decide
from kolplatform.core.audit import audit_trail
from kolplatform.core.notifications import notification_unread_count

register = template.Library()
AUDIT_PANEL_LIMIT = 50


def approval_panel_context(request, obj) -> dict:
    """Context of core/approvals/_panel.html for `obj` as seen by the requesting user."""
    user = request.user
    requests = list(approval_history(target=obj)) if obj is not None else []
    decidable = next(
        (r for r in requests if user.is_authenticated and user_can_decide(request=r, user=user)),
        None,
    )
    return {
        "request": request,
        "csrf_token": get_token(request),
        "target": obj,
        "approval_requests": requests,
        "decidable": decidable,
        "next_url": request.get_full_path(),
    }


@register.inclusion_tag("core/approvals/_panel.html", takes_context=True)
def approval_panel(context, obj):
    return approval_panel_context(context["request"], obj)


@register.inclusion_tag("core/audit/_trail.html", takes_context=True)
def audit_trail_panel(context, obj, limit=AUDIT_PANEL_LIMIT):
    user = context["request"].user
    visible = obj is not None and user.is_authenticated and user.is_staff_member
    records = list(audit_trail(obj)[: limit + 1]) if visible else []
    return {
        "visible": visible,
        "records": records[:limit],
        "truncated": len(records) > limit,
    }


@register.inclusion_tag("core/notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": notification_unread_count(user=user)}
