"""Filters of the expert list (django-filter): each maps to an indexed column or an EXISTS."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from experts.consent import valid_consent_exists
from experts.models import Expert, Institution, Specialty, Tier, normalize_name
from kolplatform.core.models import Region, TherapeuticArea, User
from kolplatform.core.roles import STAFF_ROLES

ANY = _("Any")
SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "city": ("city", "last_name", "id"),
    "-updated": ("-updated_at", "-id"),
}
SORT_CHOICES = [
    ("name", _("Name, A–Z")),
    ("-name", _("Name, Z–A")),
    ("city", _("City")),
    ("-updated", _("Recently changed")),
]


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=Specialty.objects.all(), method="filter_specialty"
    )
    therapeutic_area = django_filters.ModelChoiceFilter(
        label=_("Therapeutic area"),
        queryset=TherapeuticArea.objects.all(),
        method="filter_area",
    )
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())
    city = django_filters.CharFilter(label=_("City"), method="filter_city")
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices)
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), queryset=Institution.objects.all(), widget=None
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible"),
        queryset=User.objects.filter(groups__name__in=STAFF_ROLES).distinct(),
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"),
        choices=[("yes", _("Valid")), ("no", _("Missing or withdrawn"))],
        method="filter_consent",
    )
    active = django_filters.ChoiceFilter(
        label=_("Active"),
        choices=[("yes", _("Active")), ("no", _("Inactive"))],
        method="filter_active",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="apply_sort", empty_label=None
    )

    class Meta:
        model = Expert
        fields = ["region", "tier", "institution", "responsible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Thousands of institutions: offer those of the chosen region/city (plus the selected
        # one) instead of rendering one huge <select>.
        self.form.fields["institution"].queryset = self._institution_choices()
        for name, field in self.form.fields.items():
            is_select = hasattr(field, "choices")
            if is_select and name != "sort" and hasattr(field, "empty_label"):
                field.empty_label = ANY
            elif is_select and name != "sort":
                field.choices = [("", ANY), *[c for c in field.choices if c[0] != ""]]
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def _institution_choices(self):
        data = self.data or {}
        selected = str(data.get("institution") or "")
        city, region = str(data.get("city") or "").strip(), str(data.get("region") or "")
        if city:
            qs = Institution.objects.filter(city__iexact=city)
        elif region.isdigit():
            qs = Institution.objects.filter(region_id=region)
        else:
            qs = Institution.objects.none()
        if selected.isdigit():
            qs = qs | Institution.objects.filter(pk=selected)
        return qs.order_by("name")

    def filter_q(self, queryset, name, value):
        key = normalize_name(value)
        return queryset.filter(search_name__contains=key) if key else queryset

    def filter_specialty(self, queryset, name, value):
        through = Expert.specialties.through
        return queryset.filter(
            Exists(through.objects.filter(expert_id=OuterRef("pk"), specialty_id=value.pk))
        )

    def filter_area(self, queryset, name, value):
        through = Expert.therapeutic_areas.through
        return queryset.filter(
            Exists(through.objects.filter(expert_id=OuterRef("pk"), therapeuticarea_id=value.pk))
        )

    def filter_city(self, queryset, name, value):
        """Exact city in its usual spellings: an IN over the indexed column on every database
        (SQLite cannot fold Cyrillic case; PostgreSQL's iexact would skip the index)."""
        value = " ".join(value.split())
        if not value:
            return queryset
        variants = {value, value.capitalize(), value.title(), value.lower(), value.upper()}
        return queryset.filter(city__in=variants)

    def filter_consent(self, queryset, name, value):
        exists = valid_consent_exists()
        return queryset.filter(exists) if value == "yes" else queryset.filter(~exists)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=(value == "yes"))

    def apply_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))
