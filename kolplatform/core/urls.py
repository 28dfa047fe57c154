from django.urls import path

from kolplatform.core import (
    approval_views,
    audit_views,
    document_views,
    notification_views,
    two_factor_views,
    views,
)

app_name = "core"

urlpatterns = [
    path("security/", two_factor_views.two_factor_security, name="two_factor_security"),
    path("security/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("security/code/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("approvals/", approval_views.approvals_inbox, name="approvals_inbox"),
    path("approvals/<int:pk>/decide/", approval_views.approval_decide_view, name="approval_decide"),
    path("notifications/", notification_views.notifications_list, name="notifications"),
    path("notifications/bell/", notification_views.notifications_bell, name="notifications_bell"),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path("pick/<str:source>/", views.picker_search, name="picker_search"),
    path("audit/", audit_views.audit_log_view, name="audit_log"),
    path(
        "documents/<int:pk>/download/", document_views.document_download, name="document_download"
    ),
]
