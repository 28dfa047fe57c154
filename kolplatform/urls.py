from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kolplatform.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("password_reset/", core_views.PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
    path("reference/", core_views.reference_data, name="reference_data"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("core/", include("kolplatform.core.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("experts/", include("experts.urls")),
    path("contracts/", include("contracts.urls")),
    path("verify/", include("contracts.verify_urls")),
    path("events/", include("events.urls")),
    path("payments/", include("payments.urls")),
    path("feedback/", include("feedback.urls")),
    path("analytics/", include("analytics.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
