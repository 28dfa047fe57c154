"""/api/v1/ (docs/integrations.md). The schema is /api/schema/, its browser /api/docs/."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from analytics.api import DATASETS
from api.views.contracts import ContractViewSet, DocumentViewSet
from api.views.events import EventViewSet
from api.views.experts import ExpertViewSet, InstitutionViewSet
from api.views.insights import AnalyticsDatasetView, FeedbackSummaryView
from api.views.payouts import PayoutViewSet

app_name = "api_v1"

router = SimpleRouter()
router.register("experts", ExpertViewSet, basename="expert")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("events", EventViewSet, basename="event")
router.register("contracts", ContractViewSet, basename="contract")
router.register("documents", DocumentViewSet, basename="document")
router.register("payouts", PayoutViewSet, basename="payout")

urlpatterns = [
    *router.urls,
    path("feedback/summary/", FeedbackSummaryView.as_view(), name="feedback-summary"),
    re_path(
        rf"^analytics/(?P<dataset>{'|'.join(DATASETS)})/$",
        AnalyticsDatasetView.as_view(),
        name="analytics",
    ),
]
