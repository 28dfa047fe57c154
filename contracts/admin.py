"""Admin for every model of the contracts module. Statuses are read-only (FSM, via services);
signatures, codes and documents are evidence and cannot be changed here."""

from django.contrib import admin, messages

from contracts.errors import ContractError
from contracts.generation import template_update
from contracts.models import (
    Act,
    AuthorisedSignatory,
    CabinetAccess,
    CabinetInvitation,
    Contract,
    ContractDocument,
    DocumentTemplate,
    NumberSequence,
    OtpChallenge,
    ServiceOrder,
    Signature,
)
from kolplatform.core.admin_base import ReadOnlyAdmin
from kolplatform.core.admin_scale import BigTableAdminMixin


@admin.register(Contract)
class ContractAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["number", "expert", "status", "starts_on", "ends_on", "cap_amount"]
    list_select_related = ["expert"]
    list_filter = ["status", "tax_regime"]
    search_fields = ["number", "expert__search_name"]
    readonly_fields = ["status", "bank_details_snapshot", "signed_at", "created_at"]
    raw_id_fields = ["expert", "owner"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceOrder)
class ServiceOrderAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["number", "contract", "service_type", "order_date", "hours", "amount", "status"]
    list_select_related = ["contract", "service_type"]
    list_filter = ["status", "service_type"]
    search_fields = ["number", "contract__number"]
    readonly_fields = ["status", "rate", "amount", "created_at"]
    raw_id_fields = ["contract", "created_by"]


@admin.register(Act)
class ActAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ["number", "order", "act_date", "actual_hours", "amount", "status"]
    list_select_related = ["order"]
    list_filter = ["status"]
    search_fields = ["number", "order__number"]
    readonly_fields = ["status", "amount", "signed_at", "created_at"]
    raw_id_fields = ["order"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Legal and admins edit unused versions; a used version is read-only (make a new one)."""

    list_display = ["kind", "version", "title", "is_active", "used_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["used_at", "created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_used:
            return [*self.readonly_fields, "kind", "version", "title", "body"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change and not obj.is_used:
            try:
                template_update(template=obj, title=obj.title, body=obj.body, actor=request.user)
            except ContractError as exc:
                messages.error(request, str(exc))
            return
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["kind", "year", "pattern", "last_value"]
    list_filter = ["kind"]


@admin.register(ContractDocument)
class ContractDocumentAdmin(BigTableAdminMixin, ReadOnlyAdmin):
    list_display = ["number", "kind", "version", "expert", "status", "created_at"]
    list_select_related = ["expert"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "expert__search_name", "pdf__sha256"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["document", "role", "signer_name", "signed_at", "ip_address"]
    list_filter = ["role"]
    search_fields = ["sha256", "signer_name"]


@admin.register(OtpChallenge)
class OtpChallengeAdmin(ReadOnlyAdmin):
    list_display = ["document", "user", "role", "created_at", "expires_at", "attempts", "used_at"]
    exclude = ["code_hash"]


@admin.register(AuthorisedSignatory)
class AuthorisedSignatoryAdmin(admin.ModelAdmin):
    list_display = ["user", "basis", "valid_until", "is_active"]
    raw_id_fields = ["user"]


@admin.register(CabinetInvitation)
class CabinetInvitationAdmin(ReadOnlyAdmin):
    list_display = ["expert", "email", "created_at", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]


@admin.register(CabinetAccess)
class CabinetAccessAdmin(ReadOnlyAdmin):
    list_display = [
        "expert",
        "confirmed_email",
        "identity_confirmed_at",
        "esign_accepted_at",
        "consent_accepted_at",
    ]
    search_fields = ["expert__search_name"]
