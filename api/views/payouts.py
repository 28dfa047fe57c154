"""Payouts as the UI lists them (finance all, a manager their contracts'; a KOL their own one
by one), their status history, and the bank's confirmation recorded by a system."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.audit import api_write
from api.serializers.domain import PayoutSerializer, StatusSerializer
from api.views.common import ERRORS, ReadViewSet, api_schema
from api.views.status import status_payload
from payments.models import Payout
from payments.selectors import payout_get_for_user, payout_list
from payments.services.confirmations import payout_confirm


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


@api_schema(PayoutSerializer, filters=[PayoutFilterSerializer])
class PayoutViewSet(ReadViewSet):
    serializer_class = PayoutSerializer
    filter_serializer_class = PayoutFilterSerializer
    scope_resource = "payouts"
    queryset = Payout.objects.none()

    def rows(self, filters):
        qs = payout_list(user=self.request.user).select_related("registry")
        if status := filters.get("status"):
            qs = qs.filter(status=status)
        if expert := filters.get("expert"):
            qs = qs.filter(expert_id=expert)
        return qs

    def one(self, pk):
        return payout_get_for_user(user=self.request.user, pk=pk)

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
