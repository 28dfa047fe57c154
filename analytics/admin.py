from django.contrib import admin

from analytics.models import (
    DataImport,
    EventFact,
    FactsRefresh,
    KpiTarget,
    Plan,
    SalesRecord,
    TargetSpecialty,
)
from kolplatform.core.admin_base import ReadOnlyAdmin


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "year", "quarter", "product", "region", "manager", "event_type",
        "events", "participants", "experts", "budget",
    ]  # fmt: skip
    list_filter = ["year", "quarter", "event_type"]
    list_select_related = ["product", "region", "manager", "event_type"]
    raw_id_fields = ["manager"]
    search_fields = ["product__name", "region__name", "manager__username"]


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ["manager", "year", "events_held", "participants", "cost_per_participant",
                    "feedback_score"]  # fmt: skip
    list_filter = ["year"]
    list_select_related = ["manager"]
    raw_id_fields = ["manager"]


@admin.register(TargetSpecialty)
class TargetSpecialtyAdmin(admin.ModelAdmin):
    list_display = ["product", "specialty"]
    list_filter = ["product"]


@admin.register(SalesRecord)
class SalesRecordAdmin(admin.ModelAdmin):
    list_display = ["month", "region", "product", "amount", "units"]
    list_filter = ["product", "region"]
    list_select_related = ["region", "product"]
    date_hierarchy = "month"


@admin.register(EventFact)
class EventFactAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "starts_at", "status", "participants", "total_cost", "fees_paid"]
    list_filter = ["status"]
    date_hierarchy = "starts_at"


@admin.register(FactsRefresh)
class FactsRefreshAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "rows"]


@admin.register(DataImport)
class DataImportAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "status", "read_rows", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
