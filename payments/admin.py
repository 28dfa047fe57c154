"""Admin: settings are editable; payouts, registries and their records are read-only (they change
through the services only, with checks, locks and the audit log)."""

from django.contrib import admin

from kolplatform.core.admin_base import ReadOnlyAdmin, ReadOnlyInline
from kolplatform.core.admin_scale import BigTableAdminMixin
from payments.models import (
    AnnualCap,
    CapException,
    ConfirmationImport,
    ConfirmationRow,
    ContributionSetting,
    NpdStatusCheck,
    PaymentRegistry,
    Payout,
    PayoutCheck,
    PayoutSettings,
    RegistryLine,
    SupportMessage,
    TaxRate,
)


class PayoutCheckInline(ReadOnlyInline):
    model = PayoutCheck
    readonly_fields = ["run_at", "code", "result", "message", "run_by"]


@admin.register(Payout)
class PayoutAdmin(BigTableAdminMixin, ReadOnlyAdmin):
    list_display = ["pk", "expert", "act", "status", "tax_regime", "gross", "net", "due_date"]
    list_filter = ["status", "tax_regime"]
    search_fields = ["expert__search_name", "act__number", "contract__number"]
    list_select_related = ["expert", "act"]
    # Newest first by the primary key: the model's -created_at has no index of its own, and
    # sorting 500,000 payouts for a page took seconds.
    ordering = ["-pk"]
    raw_id_fields = ["act", "expert", "contract", "registry", "receipt", "invoice"]
    inlines = [PayoutCheckInline]


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["scale", "valid_from", "lower_bound", "rate", "legal_basis"]
    list_filter = ["scale", "valid_from"]


@admin.register(ContributionSetting)
class ContributionSettingAdmin(admin.ModelAdmin):
    list_display = ["year", "base_limit", "rate_within", "rate_above"]


@admin.register(AnnualCap)
class AnnualCapAdmin(admin.ModelAdmin):
    list_display = ["tier", "valid_from", "amount"]
    list_filter = ["tier"]


@admin.register(PayoutSettings)
class PayoutSettingsAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "npd_annual_limit", "npd_receipt_day", "escalation_days"]
    raw_id_fields = ["finance_head"]


class RegistryLineInline(ReadOnlyInline):
    model = RegistryLine
    raw_id_fields = ["payout"]
    readonly_fields = ["line_no", "order_number", "payout", "amount", "outcome"]
    readonly_fields += ["payment_order_number", "paid_on"]


@admin.register(PaymentRegistry)
class PaymentRegistryAdmin(ReadOnlyAdmin):
    list_display = ["number", "created_at", "created_by", "bank_format", "line_count", "total_net"]
    inlines = [RegistryLineInline]


class ConfirmationRowInline(ReadOnlyInline):
    model = ConfirmationRow
    readonly_fields = ["row_no", "payout", "result", "message", "raw"]


@admin.register(ConfirmationImport)
class ConfirmationImportAdmin(ReadOnlyAdmin):
    list_display = ["document", "file_format", "imported_by", "imported_at", "paid_count"]
    inlines = [ConfirmationRowInline]


@admin.register(NpdStatusCheck)
class NpdStatusCheckAdmin(ReadOnlyAdmin):
    list_display = ["expert", "on_date", "is_self_employed", "source", "checked_by", "checked_at"]
    list_filter = ["source", "is_self_employed"]


@admin.register(CapException)
class CapExceptionAdmin(ReadOnlyAdmin):
    list_display = ["payout", "kind", "approved_by", "approved_at"]


@admin.register(SupportMessage)
class SupportMessageAdmin(ReadOnlyAdmin):
    list_display = ["payout", "author", "from_expert", "created_at"]


@admin.register(PayoutCheck)
class PayoutCheckAdmin(ReadOnlyAdmin):
    list_display = ["payout", "code", "result", "run_at"]
    list_filter = ["code", "result"]
