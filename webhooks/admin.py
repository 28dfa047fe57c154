"""The Django admin: read-mostly views of endpoints and deliveries (secrets never shown; changes
go through the webhook pages, which audit them)."""

from django.contrib import admin

from webhooks.models import Attempt, Delivery, Endpoint, Message


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "description", "status", "disabled_reason", "failing_since", "owner")
    list_filter = ("status", "disabled_reason")
    search_fields = ("url", "description")
    exclude = ("secret", "previous_secret")
    readonly_fields = (
        "status",
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "previous_secret_expires_at",
        "created_by",
    )
    raw_id_fields = ("owner",)


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ("attempted_at", "status_code", "latency_ms", "error", "response_body")
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("message", "endpoint", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status",)
    list_select_related = ("message", "endpoint")
    raw_id_fields = ("message", "endpoint")
    readonly_fields = ("status", "attempts", "next_attempt_at", "last_status_code", "delivered_at")
    inlines = [AttemptInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("msg_id", "event_type", "occurred_at")
    list_filter = ("event_type",)
    search_fields = ("msg_id",)
    readonly_fields = ("msg_id", "event_type", "body", "occurred_at")
