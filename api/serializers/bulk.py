"""The bulk upsert of experts: request items and per-item results."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from experts.models import TaxStatus

MAX_ITEMS = 1000


class BulkExpertItemSerializer(serializers.Serializer):
    """One expert as the source system has it. Omitted fields are left as they are; references
    by key: `region` by code, `specialties` and `therapeutic_areas` by name, the institution by
    our id (`institution`) or by the source's id of it (`institution_external_id`)."""

    external_id = serializers.CharField(max_length=128)
    last_name = serializers.CharField(max_length=100)
    first_name = serializers.CharField(max_length=100)
    middle_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    institution = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    institution_external_id = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    academic_degree = serializers.CharField(max_length=100, required=False, allow_blank=True)
    academic_title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    experience_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    region = serializers.CharField(max_length=16, required=False, allow_blank=True, allow_null=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    tax_status = serializers.ChoiceField(choices=TaxStatus.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    specialties = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    therapeutic_areas = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )


class BulkRequestSerializer(serializers.Serializer):
    source = serializers.SlugField(
        max_length=32, help_text="The source system whose ids `external_id` holds, e.g. `crm`."
    )
    items = BulkExpertItemSerializer(many=True, help_text=f"1 to {MAX_ITEMS} experts.")


class BulkEnvelopeSerializer(serializers.Serializer):
    """The request as checked before the items: each item is checked on its own, so one bad
    item is reported with its errors and the others still go through."""

    source = serializers.SlugField(max_length=32)
    items = serializers.ListField(child=serializers.JSONField(), min_length=1, max_length=MAX_ITEMS)


class BulkStatus:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"
    CHOICES = [
        (CREATED, _("created")),
        (UPDATED, _("updated")),
        (UNCHANGED, _("unchanged")),
        (ERROR, _("error")),
    ]


class BulkItemResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The item's position in `items`, from 0.")
    external_id = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=BulkStatus.CHOICES)
    id = serializers.IntegerField(allow_null=True, help_text="Our expert id.")
    message = serializers.CharField(allow_blank=True)
    field_errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="The fields an update changed."
    )


class BulkCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    error = serializers.IntegerField()


class BulkResponseSerializer(serializers.Serializer):
    source = serializers.CharField()
    counts = BulkCountsSerializer()
    results = BulkItemResultSerializer(many=True)
