"""Events as the UI lists them to the caller (owner and team, or all for the roles that see
every event), with their status history and participants."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.domain import EventSerializer, ParticipantSerializer, StatusSerializer
from api.views.common import ERRORS, ReadViewSet, api_schema
from api.views.status import status_payload
from events.models import Event
from events.selectors import event_get_for_user, event_list


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


@api_schema(EventSerializer, filters=[EventFilterSerializer])
class EventViewSet(ReadViewSet):
    serializer_class = EventSerializer
    filter_serializer_class = EventFilterSerializer
    scope_resource = "events"
    queryset = Event.objects.none()

    def rows(self, filters):
        return event_list(user=self.request.user, filters=filters).select_related(
            "therapeutic_area", "currency"
        )

    def one(self, pk):
        return event_get_for_user(user=self.request.user, pk=pk)

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
