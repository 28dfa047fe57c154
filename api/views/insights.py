"""Read-only aggregates: feedback across events, and the analytics datasets (the BI feed of
docs/bi-feed.md under /api/v1/, its dataset an enum)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from analytics.api import DATASETS, BiFeedView, CanUseBiFeed
from api.auth import HasScope
from api.views.common import ERRORS, ApiViewMixin
from feedback.selectors import feedback_summary
from kolplatform.core.access import require_staff

MAX_ID = 2**31 - 1


class FeedbackFilterSerializer(serializers.Serializer):
    product = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    region = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    speaker = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Expert id of a speaker."
    )
    date_from = serializers.DateField(required=False, help_text="Events starting on or after.")
    date_to = serializers.DateField(required=False, help_text="Events starting on or before.")


class TopicSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    nps = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class SpeakerRatingSerializer(serializers.Serializer):
    expert = serializers.IntegerField(source="speaker.pk")
    name = serializers.CharField(source="speaker.full_name")
    count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class FeedbackSummarySerializer(serializers.Serializer):
    surveys = serializers.IntegerField()
    responses = serializers.IntegerField()
    rating = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    nps = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    topics = TopicSerializer(many=True)
    speakers = SpeakerRatingSerializer(many=True, help_text="The 20 most rated speakers.")


class FeedbackSummaryView(ApiViewMixin, GenericAPIView):
    """Feedback across the events the filters select (the UI's feedback overview)."""

    scope_resource = "feedback"
    serializer_class = FeedbackSummarySerializer

    @extend_schema(
        parameters=[FeedbackFilterSerializer],
        responses={200: FeedbackSummarySerializer, **ERRORS},
    )
    def get(self, request):
        require_staff(request.user)
        if not request.user.has_perm("feedback.view_overview"):
            self.permission_denied(request)
        params = FeedbackFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        summary = feedback_summary(filters=params.validated_data, language="en")
        return Response(FeedbackSummarySerializer(summary).data)


FILTERS = [
    OpenApiParameter("year", int, description="Default: this year."),
    OpenApiParameter("quarter", int, enum=[1, 2, 3, 4]),
    OpenApiParameter("month", int, enum=list(range(1, 13))),
    *(
        OpenApiParameter(name, int, description=f"{name.replace('_', ' ').capitalize()} id.")
        for name in ("product", "region", "therapeutic_area", "manager", "event_type", "expert")
    ),
    OpenApiParameter(
        "page", int, description="Paginated datasets (events, payouts, plans, sales)."
    ),
    OpenApiParameter("page_size", int, description="Up to 5,000."),
]


class AnalyticsDatasetView(ApiViewMixin, BiFeedView):
    """`GET /api/v1/analytics/<dataset>/`: the BI feed with the dashboard filters."""

    scope_resource = "analytics"
    permission_classes = [IsAuthenticated, HasScope, CanUseBiFeed]

    @extend_schema(
        parameters=[
            OpenApiParameter("dataset", str, OpenApiParameter.PATH, enum=DATASETS),
            *FILTERS,
        ],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        description="summary, months, products, regions: whole; events, payouts, plans, "
        "sales: paginated (page, page_size). Fields per dataset: docs/bi-feed.md.",
    )
    def get(self, request, dataset):
        return super().get(request, dataset)
