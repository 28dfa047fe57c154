"""One error body for every /api/v1/ answer that is not a success:
`{"code": "...", "message": "...", "field_errors": {"field": ["...", ...]}}`."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from kolplatform.core.errors import DomainError


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found`.")
    message = serializers.CharField(help_text="What went wrong, for a person.")
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field (`items.3.email` for nested fields); empty otherwise.",
    )


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"a.b.0.c": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in flatten_errors(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in flatten_errors(item, name).items():
                    out.setdefault(k, []).extend(v)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return {k: v for k, v in out.items() if v}


def _code(detail, default: str) -> str:
    codes = detail.get_codes() if hasattr(detail, "get_codes") else default
    return codes if isinstance(codes, str) else default


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        field = getattr(exc, "field", None) or ""
        body = {"code": "domain_error", "message": exc.message, "field_errors": {}}
        if field:
            body["field_errors"] = {field: [exc.message]}
        return Response(body, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        field_errors = flatten_errors(exc.detail)
        general = field_errors.pop("non_field_errors", [])
        message = " ".join(general) or _("The request has invalid fields.")
        body = {"code": "invalid", "message": message, "field_errors": field_errors}
    else:
        detail = getattr(exc, "detail", "")
        body = {
            "code": _code(detail, getattr(exc, "default_code", "error")),
            "message": str(detail),
            "field_errors": {},
        }
    response.data = body
    return response
