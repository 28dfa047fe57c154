"""Events as the UI lists them to the caller (owner and team, or all for the roles that see
every event), with their status history and participants."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.errors import ErrorSerializer
from api.serializers.domain import EventSerializer, ParticipantSerializer, StatusSerializer
from api.views.common import ApiViewMixin, IdCursorPagination, etag_response
from api.views.status import status_payload
from events.models import Event
from events.selectors import event_get_for_user, event_list

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class EventFilterSerializer(serializers.Serializer):
    """The filters of the UI's event list."""

    date_from = serializers.DateField(required=False, help_text="Starts on or after.")
    date_to = serializers.DateField(required=False, help_text="Starts on or before.")
    owner = serializers.CharField(required=False, help_text="Owner's surname starts with.")
    event_type = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=Event.Status.choices, required=False)
    region = serializers.IntegerField(required=False, min_value=1, help_text="Region id.")
    product = serializers.IntegerField(required=False, min_value=1, help_text="Product id.")
    q = serializers.CharField(required=False, help_text="Title or city contains.")


@extend_schema_view(
    list=extend_schema(
        parameters=[EventFilterSerializer], responses={200: EventSerializer, **ERRORS}
    ),
    retrieve=extend_schema(responses={200: EventSerializer, 304: None, **ERRORS}),
)
class EventViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = EventSerializer
    pagination_class = IdCursorPagination
    scope_resource = "events"
    lookup_value_regex = r"[0-9]+"
    queryset = Event.objects.none()

    def get_queryset(self):
        params = EventFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return event_list(user=self.request.user, filters=params.validated_data).select_related(
            "therapeutic_area", "currency"
        )

    def get_object(self):
        return event_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)

    @extend_schema(responses={200: StatusSerializer, **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def status(self, request, pk=None):
        return Response(StatusSerializer(status_payload(self.get_object())).data)

    @extend_schema(responses={200: ParticipantSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], serializer_class=ParticipantSerializer)
    def participants(self, request, pk=None):
        event = self.get_object()
        page = self.paginate_queryset(event.participants.order_by("id"))
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)
