from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list_view, name="endpoints"),
    path("new/", views.endpoint_create_view, name="endpoint_create"),
    path("<int:pk>/", views.endpoint_detail_view, name="endpoint"),
    path("<int:pk>/edit/", views.endpoint_update_view, name="endpoint_update"),
    path("<int:pk>/rotate/", views.endpoint_rotate_view, name="endpoint_rotate"),
    path("<int:pk>/toggle/", views.endpoint_toggle_view, name="endpoint_toggle"),
    path("<int:pk>/resend-failed/", views.endpoint_resend_failed_view, name="resend_failed"),
    path("deliveries/<int:pk>/", views.delivery_detail_view, name="delivery"),
    path("deliveries/<int:pk>/resend/", views.delivery_resend_view, name="delivery_resend"),
]
