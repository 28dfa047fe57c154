"""Experts and institutions as the API shows and takes them. References by stable keys: region
by its code, specialties and therapeutic areas by name, institution by id."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import ExpertExternalId, InstitutionExternalId
from experts.models import Expert, Institution, Specialty
from experts.services.experts import EXPERT_DATA_FIELDS
from experts.services.institutions import INSTITUTION_FIELDS
from kolplatform.core.models import Region, TherapeuticArea


class KeyField(serializers.SlugRelatedField):
    """A reference by a stable key (a region's code, a specialty's name). A key with a NUL
    character is refused as invalid, as DRF's text fields do, before it reaches a lookup
    (PostgreSQL text cannot hold NUL)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class ExternalIdSerializer(serializers.Serializer):
    source = serializers.SlugField(max_length=32, help_text="The source system, e.g. `crm`.")
    value = serializers.CharField(max_length=128, help_text="The id the source system uses.")


def validate_external_ids(value, *, model, owner_field: str, instance):
    """At most one id per source, none held by another record."""
    sources = [v["source"] for v in value]
    if len(sources) != len(set(sources)):
        raise serializers.ValidationError(_("One id per source system."))
    for item in value:
        taken = model.objects.filter(source=item["source"], value=item["value"])
        if instance is not None:
            taken = taken.exclude(**{owner_field: instance})
        if taken.exists():
            raise serializers.ValidationError(
                _("%(source)s id “%(value)s” belongs to another record.") % item
            )
    return value


class InstitutionSerializer(serializers.ModelSerializer):
    region = KeyField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    external_ids = ExternalIdSerializer(many=True, required=False)

    class Meta:
        model = Institution
        fields = ["id", *INSTITUTION_FIELDS, "external_ids"]

    def validate_external_ids(self, value):
        return validate_external_ids(
            value, model=InstitutionExternalId, owner_field="institution", instance=self.instance
        )


class ExpertSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), allow_null=True, required=False
    )
    institution_name = serializers.CharField(
        source="institution.name", read_only=True, allow_null=True
    )
    region = KeyField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    specialties = KeyField(
        many=True, slug_field="name", queryset=Specialty.objects.all(), required=False
    )
    therapeutic_areas = KeyField(
        many=True, slug_field="name", queryset=TherapeuticArea.objects.all(), required=False
    )
    external_ids = ExternalIdSerializer(many=True, required=False)
    has_valid_consent = serializers.SerializerMethodField()

    class Meta:
        model = Expert
        fields = [
            "id",
            "full_name",
            *(f for f in EXPERT_DATA_FIELDS if f not in ("crm_id", "provider_id", "responsible")),
            "institution_name",
            "tier",
            "specialties",
            "therapeutic_areas",
            "external_ids",
            "has_valid_consent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "tier", "created_at", "updated_at"]

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_has_valid_consent(self, expert) -> bool | None:
        return getattr(expert, "has_valid_consent", None)

    def validate_external_ids(self, value):
        return validate_external_ids(
            value, model=ExpertExternalId, owner_field="expert", instance=self.instance
        )
