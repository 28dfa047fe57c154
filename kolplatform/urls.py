from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kolplatform.core import views as core_views

# Swagger UI comes from its CDN (drf-spectacular's default); its script is a file of the same view
# (the split view), so no inline script is needed.
SWAGGER_CDN = "https://cdn.jsdelivr.net"
api_docs = csp_update(
    {"script-src": [SWAGGER_CDN], "style-src-elem": [SWAGGER_CDN], "img-src": [SWAGGER_CDN]}
)(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

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
    path("field/", include("field.urls")),
    path("analytics/", include("analytics.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("api/v1/", include("api.urls")),
    path("integrations/keys/", include("api.ui_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
