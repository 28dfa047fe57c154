"""Payouts as the UI lists them (finance all, a manager their contracts'; a KOL their own one
by one), their status history, and the bank's confirmation recorded by a system."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.audit import api_write
from api.errors import ErrorSerializer
from api.serializers.domain import PayoutSerializer, StatusSerializer
from api.views.common import ApiViewMixin, IdCursorPagination, etag_response
from api.views.status import status_payload
from payments.models import Payout
from payments.selectors import payout_get_for_user, payout_list
from payments.services.confirmations import payout_confirm

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class PayoutFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Payout.Status.choices, required=False)
    expert = serializers.IntegerField(required=False, min_value=1, help_text="Expert id.")


class ConfirmationSerializer(serializers.Serializer):
    paid = serializers.BooleanField(help_text="true: paid; false: the payment failed.")
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="The amount paid; must equal the registry's."
    )
    order_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    paid_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class ConfirmationResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=["paid", "failed", "already"], help_text="`already`: recorded before, no change."
    )
    message = serializers.CharField()
    payout = PayoutSerializer()


@extend_schema_view(
    list=extend_schema(
        parameters=[PayoutFilterSerializer], responses={200: PayoutSerializer, **ERRORS}
    ),
    retrieve=extend_schema(responses={200: PayoutSerializer, 304: None, **ERRORS}),
)
class PayoutViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PayoutSerializer
    pagination_class = IdCursorPagination
    scope_resource = "payouts"
    lookup_value_regex = r"[0-9]+"
    queryset = Payout.objects.none()

    def get_queryset(self):
        params = PayoutFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        qs = payout_list(user=self.request.user).select_related("registry")
        if status := params.validated_data.get("status"):
            qs = qs.filter(status=status)
        if expert := params.validated_data.get("expert"):
            qs = qs.filter(expert_id=expert)
        return qs

    def get_object(self):
        return payout_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)

    @extend_schema(responses={200: StatusSerializer, **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def status(self, request, pk=None):
        return Response(StatusSerializer(status_payload(self.get_object())).data)

    @extend_schema(
        request=ConfirmationSerializer,
        responses={200: ConfirmationResultSerializer, **ERRORS},
        description="The bank's answer for a payout in a registry: paid (payment order number "
        "and date) or failed (reason). The same checks as a row of a confirmation file; "
        "sending it again answers `already`.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def confirmation(self, request, pk=None):
        payout = self.get_object()
        if not request.user.has_perm("payments.manage_payout"):
            raise PermissionDenied
        data = ConfirmationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with api_write(request):
            result, message = payout_confirm(
                payout_id=payout.pk, actor=request.user, **data.validated_data
            )
        payout = payout_get_for_user(user=request.user, pk=payout.pk)
        return Response(
            {"result": str(result), "message": message, "payout": PayoutSerializer(payout).data}
        )
