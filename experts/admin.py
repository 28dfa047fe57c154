from django.contrib import admin

from experts.models import (
    Assessment,
    AssessmentScore,
    Competency,
    Consent,
    Expert,
    ExpertBankDetails,
    GradingCriterion,
    GradingScheme,
    ImportJob,
    ImportRow,
    Institution,
    MasterDataRequest,
    ProfessionalActivity,
    RateCard,
    Specialty,
    TierChange,
)
from kolplatform.core.admin_scale import BigTableAdminMixin


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "region", "external_id"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "city", "external_id"]
    list_select_related = ["region"]
    show_full_result_count = False


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    raw_id_fields = ["document"]
    readonly_fields = ["recorded_by"]


class ActivityInline(admin.TabularInline):
    model = ProfessionalActivity
    extra = 0


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


@admin.register(Expert)
class ExpertAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "tier", "institution", "city", "crm_id", "provider_id", "is_active"]
    list_filter = ["tier", "is_active", "tax_status"]
    search_fields = ["search_name", "crm_id", "provider_id", "email"]
    list_select_related = ["institution"]
    raw_id_fields = ["institution", "user", "responsible", "merged_into"]
    filter_horizontal = ["specialties", "therapeutic_areas"]
    readonly_fields = ["tier", "erased_at", "merged_into", "created_at", "updated_at"]
    inlines = [ConsentInline, ActivityInline, CompetencyInline]
    show_full_result_count = False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["expert", "text_version", "scope", "given_at", "withdrawn_at"]
    raw_id_fields = ["expert", "document", "recorded_by"]
    list_filter = ["text_version"]


@admin.register(ExpertBankDetails)
class ExpertBankDetailsAdmin(admin.ModelAdmin):
    """Bank details are shown in the application (audit-logged); the admin only lists presence."""

    list_display = ["expert", "verified_at", "verified_by", "updated_at"]
    raw_id_fields = ["expert", "verified_by"]
    fields = ["expert", "verified_at", "verified_by"]
    readonly_fields = ["verified_at", "verified_by"]


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = ["tier", "service_type", "fee_per_hour", "currency", "valid_from", "valid_to"]
    list_filter = ["tier", "service_type", "currency"]
    list_editable = ["fee_per_hour", "valid_to"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["expert", "product", "therapeutic_area", "topic", "approved_at"]
    raw_id_fields = ["expert"]


@admin.register(ProfessionalActivity)
class ProfessionalActivityAdmin(admin.ModelAdmin):
    list_display = ["expert", "kind", "title", "year"]
    list_filter = ["kind"]
    raw_id_fields = ["expert"]


@admin.register(GradingCriterion)
class GradingCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "max_score", "order", "is_active"]
    list_editable = ["weight", "max_score", "order", "is_active"]


@admin.register(GradingScheme)
class GradingSchemeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "valid_from",
        "min_international",
        "min_national",
        "min_regional",
        "min_local",
        "validity_months",
    ]


class ScoreInline(admin.TabularInline):
    model = AssessmentScore
    extra = 0
    readonly_fields = ["criterion", "score", "weight", "max_score", "evidence"]
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: assessments change only through their approval flow."""

    list_display = ["expert", "status", "total", "resulting_tier", "created_at", "valid_until"]
    list_filter = ["status", "resulting_tier"]
    raw_id_fields = ["expert"]
    inlines = [ScoreInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    list_display = ["expert", "from_tier", "to_tier", "changed_at", "changed_by"]
    raw_id_fields = ["expert", "assessment"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "source",
        "status",
        "read_rows",
        "total_rows",
        "processed_rows",
        "created_at",
    ]
    list_filter = ["source", "status"]
    readonly_fields = ["counts", "headers", "preview", "table"]


@admin.register(ImportRow)
class ImportRowAdmin(admin.ModelAdmin):
    list_display = ["job", "row_number", "outcome", "column", "message"]
    list_filter = ["outcome"]
    raw_id_fields = ["job", "expert", "duplicate_of"]
    show_full_result_count = False


@admin.register(MasterDataRequest)
class MasterDataRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are decided in the application, where the rules are enforced."""

    list_display = ["__str__", "kind", "status", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    exclude = ["payload_json"]
    raw_id_fields = ["expert", "other_expert", "institution"]

    def has_change_permission(self, request, obj=None):
        return False
