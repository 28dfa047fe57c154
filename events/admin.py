from django.contrib import admin

from events import models
from kolplatform.core.admin_scale import BigTableAdminMixin


class ProgramItemInline(admin.TabularInline):
    model = models.ProgramItem
    extra = 0
    raw_id_fields = ["speaker", "service_order"]


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0
    raw_id_fields = ["service_order"]


class EventOrderInline(admin.TabularInline):
    model = models.EventOrder
    extra = 0
    raw_id_fields = ["service_order"]
    readonly_fields = ["created_at"]


@admin.register(models.EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_format", "requires_regulator_notice", "is_active"]
    list_filter = ["requires_regulator_notice", "default_format", "is_active"]


@admin.register(models.Event)
class EventAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["title", "event_type", "status", "starts_at", "city", "owner"]
    list_filter = ["status", "event_type", "region"]
    search_fields = ["title", "city"]
    # No date_hierarchy: its year links read every event (SELECT DISTINCT of the truncated dates).
    raw_id_fields = ["owner", "team", "notice_override_by"]
    readonly_fields = ["status", "approved_total"]
    inlines = [ProgramItemInline, BudgetLineInline, EventOrderInline]
    list_select_related = ["event_type", "owner"]


@admin.register(models.Participant)
class ParticipantAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "event", "status", "checked_in_at"]
    list_select_related = ["event"]
    list_filter = ["status"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["event", "expert"]


@admin.register(models.ProgramItem)
class ProgramItemAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["topic", "event", "speaker", "starts_at"]
    list_select_related = ["event", "speaker"]
    raw_id_fields = ["event", "speaker", "service_order"]


@admin.register(models.BudgetLine)
class BudgetLineAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["event", "category", "planned", "final", "actual"]
    list_select_related = ["event"]
    list_filter = ["category"]
    raw_id_fields = ["event", "service_order"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "assignee", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["event", "assignee", "created_by"]


@admin.register(models.Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "inn"]


@admin.register(models.VendorRequest)
class VendorRequestAdmin(admin.ModelAdmin):
    list_display = ["event", "vendor", "kind", "status", "quote_amount", "confirmed_amount"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["event", "vendor", "traveller", "speaker", "budget_line", "created_by"]
    readonly_fields = ["status", "token"]


@admin.register(models.EventChange)
class EventChangeAdmin(admin.ModelAdmin):
    list_display = ["event", "summary", "status", "created_at"]
    raw_id_fields = ["event", "requested_by"]
    readonly_fields = ["status", "payload"]


@admin.register(models.NoticeRule)
class NoticeRuleAdmin(admin.ModelAdmin):
    list_display = ["authority", "months_before", "margin_days", "effective_from"]
    raw_id_fields = ["escalation_user"]


@admin.register(models.RegulatorNotice)
class RegulatorNoticeAdmin(admin.ModelAdmin):
    list_display = ["event", "version", "status", "legal_deadline", "submitted_on"]
    list_filter = ["status"]
    raw_id_fields = ["event", "document", "evidence", "submitted_by"]


@admin.register(models.ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["event", "name", "required", "status"]
    list_filter = ["status", "required"]
    raw_id_fields = ["event", "document"]


@admin.register(models.ChecklistReview)
class ChecklistReviewAdmin(admin.ModelAdmin):
    list_display = ["item", "accepted", "reviewer", "created_at"]
    raw_id_fields = ["item", "reviewer"]


@admin.register(models.BudgetRuleSetting)
class BudgetRuleSettingAdmin(admin.ModelAdmin):
    list_display = ["code", "mode", "limit"]
