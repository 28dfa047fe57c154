"""What every /api/v1/ view shares: authentication (key or session), scopes, the per-key rate
limit, the error body, cursor pagination and ETags on single objects."""

import hashlib

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.auth import ApiKeyAuthentication, HasScope, KeyRateThrottle, UserRateThrottle
from api.errors import ErrorSerializer, api_exception_handler


class ApiViewMixin:
    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasScope]
    throttle_classes = [KeyRateThrottle, UserRateThrottle]
    filter_backends = []
    scope_resource = ""

    def get_exception_handler(self):
        return api_exception_handler


class IdCursorPagination(CursorPagination):
    """Cursor pagination on the primary key (an index): stable under inserts, constant cost
    per page however deep."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


def etag_of(data) -> str:
    digest = hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:40]
    return f'"{digest}"'


def etag_response(request, data) -> Response:
    """200 with an ETag of the representation, or 304 when If-None-Match names it."""
    etag = etag_of(data)
    wanted = request.headers.get("If-None-Match", "")
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    response = Response(status=304) if etag in tags or "*" in tags else Response(data)
    response["ETag"] = etag
    return response


def after_write(obj):
    """The object as written, for the response: the update services change it in place, so only
    the relations prefetched when it was read (external ids) are dropped to be read afresh; the
    object is not read a second time."""
    prefetched = list(getattr(obj, "_prefetched_objects_cache", {}))
    if prefetched:
        obj.refresh_from_db(fields=prefetched)  # with only prefetched names: no query
    return obj


ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def api_schema(serializer, *, filters=None, writes: bool = False):
    """The schema of a viewset's list (with its filters) and retrieve (ETag: 304), and with
    `writes` of create and update."""
    views = {
        "list": extend_schema(parameters=filters or [], responses={200: serializer, **ERRORS}),
        "retrieve": extend_schema(responses={200: serializer, 304: None, **ERRORS}),
    }
    if writes:
        views["create"] = extend_schema(responses={201: serializer, **ERRORS})
        views["update"] = views["partial_update"] = extend_schema(
            responses={200: serializer, **ERRORS}
        )
    return extend_schema_view(**views)


class ReadViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List through the module's list selector (`rows(filters)`, the filters checked by
    `filter_serializer_class`), one object through its `<entity>_get_for_user` (`one(pk)`),
    with an ETag."""

    pagination_class = IdCursorPagination
    lookup_value_regex = r"[0-9]+"
    filter_serializer_class = None

    def rows(self, filters: dict):
        raise NotImplementedError

    def one(self, pk: int):
        raise NotImplementedError

    def get_queryset(self):
        filters = {}
        if self.filter_serializer_class is not None:
            checked = self.filter_serializer_class(data=self.request.query_params)
            checked.is_valid(raise_exception=True)
            filters = checked.validated_data
        return self.rows(filters)

    def get_object(self):
        return self.one(int(self.kwargs["pk"]))

    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)
