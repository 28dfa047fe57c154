from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kolplatform.core.admin_base import ReadOnlyAdmin, ReadOnlyInline
from kolplatform.core.admin_scale import BigTableAdminMixin
from kolplatform.core.models import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRoute,
    ApprovalStep,
    AuditLog,
    CostCenter,
    Currency,
    Document,
    Notification,
    Product,
    Region,
    TherapeuticArea,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "email", "roles", "is_active")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser", "regions", "language")
    search_fields = ("username", "last_name", "first_name", "middle_name", "email", "phone")
    filter_horizontal = ("groups", "user_permissions", "regions", "products")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {
                "fields": (
                    "last_name",
                    "first_name",
                    "middle_name",
                    "email",
                    "phone",
                    "position",
                    "department",
                    "language",
                )
            },
        ),
        (_("Roles and territory"), {"fields": ("groups", "regions", "products")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(sorted(g.name for g in obj.groups.all()))


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(TherapeuticArea)
class TherapeuticAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "therapeutic_area", "is_active")
    list_filter = ("is_active", "therapeutic_area")
    search_fields = ("name",)
    list_select_related = ("therapeutic_area",)


@admin.register(CostCenter)
class CostCenterAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "symbol")
    search_fields = ("code", "name")


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 1
    fields = ("order", "name", "role", "user", "min_amount", "sla_days")
    autocomplete_fields = ("user",)


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "target_type", "min_amount", "max_amount", "is_active")
    list_filter = ("is_active", "target_type")
    list_select_related = ("target_type",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    inlines = [ApprovalStepInline]


class ApprovalDecisionInline(ReadOnlyInline):
    model = ApprovalDecision
    fields = ("step", "decided_by", "outcome", "comment", "created_at")
    readonly_fields = fields


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests change only through the engine (decisions, cancellation)."""

    list_display = (
        "__str__",
        "target_type",
        "target_id",
        "purpose",
        "amount",
        "status",
        "current_step",
        "requested_by",
        "created_at",
    )
    list_filter = ("status", "route", "target_type", "purpose")
    search_fields = ("target_id", "requested_by__username", "requested_by__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("route", "target_type", "current_step", "requested_by")
    inlines = [ApprovalDecisionInline]


@admin.register(AuditLog)
class AuditLogAdmin(BigTableAdminMixin, ReadOnlyAdmin):
    """Append-only: visible, never added, changed or deleted by hand."""

    list_display = (
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_repr",
        "from_state",
        "to_state",
    )
    list_filter = ("action", "content_type", "created_at")
    search_fields = ("object_repr", "object_id", "comment", "actor__username", "actor__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "content_type")


@admin.register(Notification)
class NotificationAdmin(BigTableAdminMixin, admin.ModelAdmin):
    list_display = ("title", "recipient", "level", "created_at", "read_at", "email_status")
    list_filter = ("level", "email_status", "created_at")
    search_fields = ("title", "body", "recipient__username", "recipient__email", "dedup_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    readonly_fields = ("created_at", "emailed_at", "email_attempts")
    raw_id_fields = ("recipient",)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Documents are immutable (their SHA-256 is what signatures bind to): no change, no delete."""

    list_display = ("__str__", "kind", "original_name", "size", "uploaded_by", "created_at")
    list_filter = ("kind", "owner_type", "created_at")
    search_fields = ("title", "original_name", "sha256", "owner_id")
    date_hierarchy = "created_at"
    list_select_related = ("uploaded_by",)


@admin.register(ApprovalStep)
class ApprovalStepAdmin(admin.ModelAdmin):
    """Steps are edited inline on their route; this list finds them across routes."""

    list_display = ("route", "order", "name", "role", "user", "min_amount", "sla_days")
    list_filter = ("route", "role")
    search_fields = ("name", "route__name", "user__username", "user__last_name")
    list_select_related = ("route", "user")
    autocomplete_fields = ("user",)


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    """Decisions are records of fact: visible, never added, changed or deleted by hand."""

    list_display = ("request", "step", "decided_by", "outcome", "created_at")
    list_filter = ("outcome", "created_at")
    search_fields = ("comment", "decided_by__username", "decided_by__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("request__route", "step", "decided_by")
