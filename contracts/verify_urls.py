"""The public verification page, mounted at /verify/ (URL name "verify", outside the namespace)."""

from django.urls import path

from contracts.archive_views import verify_view

urlpatterns = [path("", verify_view, name="verify")]
