"""Contracts and their documents (metadata; the signed copy with its SHA-256)."""

import base64

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from api.renderers import PdfRenderer
from api.serializers.domain import ContractDocumentSerializer, ContractSerializer
from api.views.common import ERRORS, ApiViewMixin, ReadViewSet, api_schema, etag_response
from contracts.models import Contract, ContractDocument
from contracts.selectors import contract_get_for_user, contract_list, document_get_for_user


class ContractFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Contract.Status.choices, required=False)
    q = serializers.CharField(required=False, help_text="Number or the expert's name contains.")


@api_schema(ContractSerializer, filters=[ContractFilterSerializer])
class ContractViewSet(ReadViewSet):
    """Contracts: staff see them all (as the UI's list); a KOL only their own, one by one."""

    serializer_class = ContractSerializer
    filter_serializer_class = ContractFilterSerializer
    scope_resource = "contracts"
    queryset = Contract.objects.none()

    def rows(self, filters):
        return contract_list(user=self.request.user, filters=filters)

    def one(self, pk):
        return contract_get_for_user(user=self.request.user, pk=pk)

    @extend_schema(responses={200: ContractDocumentSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], serializer_class=ContractDocumentSerializer)
    def documents(self, request, pk=None):
        contract = self.get_object()
        documents = ContractDocument.objects.filter(contract=contract).select_related(
            "pdf", "signed_copy"
        )
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(
            ContractDocumentSerializer(page, many=True, context={"request": request}).data
        )


@extend_schema_view(
    retrieve=extend_schema(responses={200: ContractDocumentSerializer, 304: None, **ERRORS}),
)
class DocumentViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A contract, order or act document the caller may see (a KOL: their own only)."""

    serializer_class = ContractDocumentSerializer
    scope_resource = "contracts"
    lookup_value_regex = r"[0-9]+"
    queryset = ContractDocument.objects.none()

    def get_object(self):
        return document_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The signed PDF. `Digest: sha-256=<base64>` and `X-Content-SHA256` "
                "(hex) carry its SHA-256 as recorded when it was stored.",
            ),
            **ERRORS,
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="signed-copy",
        renderer_classes=[JSONRenderer, PdfRenderer],
    )
    def signed_copy(self, request, pk=None):
        document = self.get_object()
        stored = document.signed_copy
        if stored is None:
            raise Http404
        response = FileResponse(
            stored.file.open("rb"),
            as_attachment=True,
            filename=stored.original_name or f"{document.number}-signed.pdf",
            content_type="application/pdf",
        )
        response["X-Content-SHA256"] = stored.sha256
        response["Digest"] = "sha-256=" + base64.b64encode(bytes.fromhex(stored.sha256)).decode()
        return response
