"""The BI feed: one read-only JSON endpoint per dataset, with the dashboard's filters
(docs/bi-feed.md). Session or token authentication; staff only."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import reports, selectors
from analytics.forms import FilterForm
from analytics.models import SalesRecord
from analytics.sql import FACT_COLUMNS
from kolplatform.core.replica import read_from_replica


class CanUseBiFeed(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("analytics.view_dashboard")


class FeedPagination(PageNumberPagination):
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def _table_rows(table):
    return [{c.key: _json(row.get(c.key)) for c in table.columns} for row in table.rows]


TABLES = {
    "months": reports.months_table,
    "products": reports.products_table,
    "regions": reports.regions_table,
}


def _events(filters):
    return selectors.facts_filtered(filters).order_by("starts_at", "event_id").values(*FACT_COLUMNS)


def _payouts(filters):
    return selectors.drill_payouts(filters, paid_only=False).values(
        "payout_id", "event_id", "expert_id", "status", "gross", "net", "due_date", "paid_at"
    )


def _plans(filters):
    return selectors.plan_rows(filters).order_by("id").values(
        "id", "year", "quarter", "product_id", "region_id", "manager_id", "event_type_id",
        "events", "participants", "experts", "budget",
    )  # fmt: skip


def _sales(filters):
    qs = SalesRecord.objects.filter(month__gte=filters.first_day(), month__lte=filters.last_day())
    if filters.product:
        qs = qs.filter(product_id=filters.product)
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    return qs.order_by("month", "id").values(
        "id", "month", "region_id", "product_id", "amount", "units"
    )


LISTS = {
    "events": _events,
    "payouts": _payouts,
    "plans": _plans,
    "sales": _sales,
    "visits": selectors.field_visit_rows,
}
DATASETS = ["summary", *TABLES, *LISTS]


class BiFeedView(APIView):
    """GET /analytics/api/<dataset>/?year=&quarter=&month=&product=&region=&therapeutic_area=
    &manager=&event_type=&expert= — datasets: summary, months, products, regions (whole), events,
    payouts, plans, sales, visits (paginated: page, page_size)."""

    permission_classes = [IsAuthenticated, CanUseBiFeed]

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        description="A BI dataset with the dashboard filters; see docs/bi-feed.md.",
    )
    @method_decorator(read_from_replica)
    def get(self, request, dataset):
        filters = FilterForm(request.GET or None).filters()
        if dataset == "summary":
            summary = selectors.fact_summary(filters)
            if filters.expert and not request.user.has_perm("payments.view_kol_fees"):
                # the payouts of one KOL's events
                summary = {k: v for k, v in summary.items() if k != "fees_paid"}
            plan = selectors.plan_summary(filters)
            return Response(
                {
                    "filters": filters.as_params(),
                    "fact": {k: _json(v) for k, v in summary.items()},
                    "plan": {k: _json(v) for k, v in plan.items()} if plan else None,
                    "field": {k: _json(v) for k, v in selectors.field_summary(filters).items()},
                    "data_as_of": _json(selectors.data_as_of()),
                }
            )
        if dataset in TABLES:
            table = TABLES[dataset](filters)
            return Response({"filters": filters.as_params(), "results": _table_rows(table)})
        if dataset == "payouts" and not request.user.has_perm("payments.view_kol_fees"):
            raise PermissionDenied
        if dataset in LISTS:
            paginator = FeedPagination()
            page = paginator.paginate_queryset(LISTS[dataset](filters), request, view=self)
            return paginator.get_paginated_response(
                [{k: _json(v) for k, v in row.items()} for row in page]
            )
        raise Http404
