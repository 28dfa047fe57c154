"""Experts and institutions: the UI's list filters and object permissions, writes through the
experts services, the bulk upsert of a CRM."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.audit import api_write
from api.serializers.bulk import (
    BulkEnvelopeSerializer,
    BulkRequestSerializer,
    BulkResponseSerializer,
)
from api.serializers.experts import ExpertSerializer, InstitutionSerializer
from api.services.upsert import experts_bulk_upsert
from api.services.writes import api_create, api_update
from api.views.common import ERRORS, ReadViewSet, after_write, api_schema
from experts.models import Expert, Institution, Tier
from experts.selectors import (
    expert_get_for_user,
    expert_list,
    expert_list_rows,
    expert_mark_consent,
)
from kolplatform.core.access import require_staff


def _by_external_id(rows, params):
    """The rows with the id `external_id` of the system `source`, when both are given."""
    if params.get("source") and params.get("external_id"):
        return rows.filter(
            external_ids__source=params["source"], external_ids__value=params["external_id"]
        )
    return rows


YES_NO = ["yes", "no"]
EXPERT_FILTERS = [
    OpenApiParameter("q", str, description="Name: a substring (3+ letters) or the beginning."),
    OpenApiParameter("specialty", int, description="Specialty id."),
    OpenApiParameter("therapeutic_area", int, description="Therapeutic area id."),
    OpenApiParameter("region", int, description="Region id."),
    OpenApiParameter("city", str, description="City."),
    OpenApiParameter("tier", str, enum=Tier.values),
    OpenApiParameter("institution", int, description="Institution id."),
    OpenApiParameter("responsible", int, description="Responsible staff member (user id)."),
    OpenApiParameter("consent", str, enum=YES_NO, description="A valid consent or not."),
    OpenApiParameter("active", str, enum=YES_NO),
    OpenApiParameter("source", str, description="With `external_id`: the source system."),
    OpenApiParameter("external_id", str, description="With `source`: the source's id."),
]


@api_schema(ExpertSerializer, filters=EXPERT_FILTERS, writes=True)
class ExpertViewSet(ReadViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Experts as the UI shows them to the caller: staff see the base, a KOL only themselves.
    Invalid filter values give an empty list, as in the UI."""

    serializer_class = ExpertSerializer
    scope_resource = "experts"
    queryset = Expert.objects.none()  # the selectors give the rows

    def rows(self, filters):
        params = self.request.query_params  # the UI's filter set checks them
        rows = expert_list_rows(expert_list(user=self.request.user, filters=params))
        return _by_external_id(rows, params).only("pk")

    def one(self, pk):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return expert_get_for_user(user=self.request.user, pk=pk, write=write)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        ids = [e.pk for e in page]
        by_id = (
            Expert.objects.select_related("institution", "region")
            .prefetch_related("specialties", "therapeutic_areas", "external_ids")
            .in_bulk(ids)
        )
        experts = expert_mark_consent([by_id[pk] for pk in ids if pk in by_id])
        return self.get_paginated_response(self.get_serializer(experts, many=True).data)

    def perform_create(self, serializer):
        if not self.request.user.has_perm("experts.add_expert"):
            raise PermissionDenied
        with api_write(self.request):
            expert = api_create(
                kind="expert", actor=self.request.user, data=dict(serializer.validated_data)
            )
        serializer.instance = expert_get_for_user(user=self.request.user, pk=expert.pk)

    def perform_update(self, serializer):
        with api_write(self.request):
            api_update(
                kind="expert",
                obj=serializer.instance,
                actor=self.request.user,
                data=dict(serializer.validated_data),
            )
        serializer.instance = after_write(serializer.instance)

    @extend_schema(
        request=BulkRequestSerializer,
        responses={200: BulkResponseSerializer, **ERRORS},
        description="Create or update up to 1,000 experts of a source system (CRM sync); "
        "one result per item. See docs/integrations.md.",
    )
    @action(detail=False, methods=["post"], url_path="bulk", pagination_class=None)
    def bulk(self, request):
        if not (
            request.user.has_perm("experts.add_expert")
            and request.user.has_perm("experts.change_expert")
        ):
            raise PermissionDenied
        envelope = BulkEnvelopeSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        source = envelope.validated_data["source"]
        with transaction.atomic(), api_write(request) as via:
            items = experts_bulk_upsert(
                source=source, items=request.data["items"], actor=request.user, via=via
            )
        results = [
            {
                "index": it.index,
                "external_id": it.external_id,
                "status": it.status,
                "id": it.expert_id,
                "message": it.message,
                "field_errors": it.field_errors,
                "fields": it.fields,
            }
            for it in items
        ]
        counts = dict.fromkeys(("created", "updated", "unchanged", "error"), 0)
        for it in items:
            counts[it.status] += 1
        return Response({"source": source, "counts": counts, "results": results})


INSTITUTION_FILTERS = [
    OpenApiParameter("q", str, description="Name or city contains (2+ letters)."),
    OpenApiParameter("region", str, description="Region code."),
    OpenApiParameter("source", str, description="With `external_id`: the source system."),
    OpenApiParameter("external_id", str, description="With `source`: the source's id."),
]


@api_schema(InstitutionSerializer, filters=INSTITUTION_FILTERS, writes=True)
class InstitutionViewSet(ReadViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Institutions: staff read them (as the UI's picker); experts.change_expert writes."""

    serializer_class = InstitutionSerializer
    scope_resource = "experts"
    queryset = Institution.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_staff(request.user)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.user.has_perm(
            "experts.change_expert"
        ):
            raise PermissionDenied

    def rows(self, filters):
        params = self.request.query_params
        qs = Institution.objects.select_related("region").prefetch_related("external_ids")
        q = (params.get("q") or "").strip()
        if len(q) >= 2:
            qs = qs.filter(name__icontains=q) | qs.filter(city__icontains=q)
        if params.get("region"):
            qs = qs.filter(region__code=params["region"])
        return _by_external_id(qs, params)

    def one(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def perform_create(self, serializer):
        with api_write(self.request):
            serializer.instance = api_create(
                kind="institution", actor=self.request.user, data=dict(serializer.validated_data)
            )

    def perform_update(self, serializer):
        with api_write(self.request):
            api_update(
                kind="institution",
                obj=serializer.instance,
                actor=self.request.user,
                data=dict(serializer.validated_data),
            )
        serializer.instance = after_write(serializer.instance)
