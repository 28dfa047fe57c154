"""Events, contracts and their documents, payouts: read-only representations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.models import Contract, ContractDocument
from events.models import Event, Participant
from payments.models import Payout


class EventSerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="event_type.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    therapeutic_area = serializers.CharField(
        source="therapeutic_area.name", read_only=True, allow_null=True
    )
    owner = serializers.IntegerField(source="owner_id", read_only=True)
    owner_name = serializers.CharField(source="owner.get_full_name", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "event_type",
            "format",
            "status",
            "starts_at",
            "ends_at",
            "timezone",
            "city",
            "venue",
            "region",
            "therapeutic_area",
            "owner",
            "owner_name",
            "planned_participants",
            "approved_total",
            "currency",
            "created_at",
        ]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = [
            "id",
            "expert",
            "full_name",
            "institution_name",
            "specialty",
            "status",
            "checked_in_at",
        ]
        read_only_fields = fields


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    at = serializers.DateTimeField()


class StatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="The current status (the enum of the object).")
    status_display = serializers.CharField()
    history = StatusChangeSerializer(many=True, help_text="Transitions, oldest first.")


class ContractSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.full_name", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "expert",
            "expert_name",
            "status",
            "starts_on",
            "ends_on",
            "payment_terms_days",
            "tax_regime",
            "cap_amount",
            "currency",
            "owner",
            "created_at",
            "signed_at",
        ]
        read_only_fields = fields


class FileSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField(help_text="SHA-256 of the file, hex.")


class ContractDocumentSerializer(serializers.ModelSerializer):
    pdf = FileSerializer(read_only=True, allow_null=True)
    signed_copy = FileSerializer(read_only=True, allow_null=True)
    signed_copy_url = serializers.SerializerMethodField()

    class Meta:
        model = ContractDocument
        fields = [
            "id",
            "kind",
            "number",
            "version",
            "status",
            "contract",
            "order",
            "act",
            "expert",
            "created_at",
            "sent_at",
            "pdf",
            "signed_copy",
            "signed_copy_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_copy_url(self, document) -> str | None:
        if not document.signed_copy_id:
            return None
        request = self.context.get("request")
        path = f"/api/v1/documents/{document.pk}/signed-copy/"
        return request.build_absolute_uri(path) if request else path


class PayoutSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.full_name", read_only=True)
    currency = serializers.CharField(source="currency_id", read_only=True)
    registry_number = serializers.CharField(
        source="registry.number", read_only=True, allow_null=True
    )

    class Meta:
        model = Payout
        fields = [
            "id",
            "expert",
            "expert_name",
            "contract",
            "act",
            "status",
            "tax_regime",
            "gross",
            "withholding",
            "net",
            "currency",
            "due_date",
            "paid_at",
            "payment_order_number",
            "registry_number",
            "failure_reason",
            "created_at",
        ]
        read_only_fields = fields
