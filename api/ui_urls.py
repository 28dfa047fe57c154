from django.urls import path

from api import key_views

app_name = "api_keys"

urlpatterns = [
    path("", key_views.key_list, name="list"),
    path("<slug:prefix>/revoke/", key_views.key_revoke, name="revoke"),
]
