"""What every /api/v1/ view shares: authentication (key or session), scopes, the per-key rate
limit, the error body, cursor pagination and ETags on single objects."""

import hashlib

from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.auth import ApiKeyAuthentication, HasScope, KeyRateThrottle, UserRateThrottle
from api.errors import api_exception_handler


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
