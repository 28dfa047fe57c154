"""Filters of the expert list (django-filter): each maps to an indexed column or an EXISTS."""

import django_filters
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from experts.consent import valid_consent_exists
from experts.forms import InstitutionSelect
from experts.models import Expert, Institution, Specialty, Tier, normalize_name
from kolplatform.core.models import Region, TherapeuticArea
from kolplatform.core.pickers import SearchSelect, picker_queryset

ANY = _("Any")
SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "city": ("city", "last_name", "id"),
    "-updated": ("-updated_at", "-id"),
}
# With a name search the matching rows come from the trigram index (PostgreSQL) and are sorted in
# memory. The same keys through Lower() keep the planner from walking the name index instead: it
# assumes matches are spread evenly over the alphabet, but a surname clusters in one place, and
# the walk then reads 130,000 rows to find 50. Lower() is also the case-insensitive order.
SEARCH_SORTS = {
    "name": (Lower("last_name"), Lower("first_name"), "id"),
    "-name": (Lower("last_name").desc(), Lower("first_name").desc(), "-id"),
    "city": (Lower("city"), Lower("last_name"), "id"),
    "-updated": ("-updated_at", "-id"),
}
# Shorter keys have no trigram: they match the start of the name (an index range on the key).
MIN_CONTAINS = 3
SORT_CHOICES = [
    ("name", _("Name, A–Z")),
    ("-name", _("Name, Z–A")),
    ("city", _("City")),
    ("-updated", _("Recently changed")),
]


class InstitutionFilterSelect(InstitutionSelect):
    template_name = "experts/widgets/institution_filter_select.html"
    empty_label = ANY


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=pgettext_lazy("person", "Name"), method="filter_q")
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
        label=_("Institution"),
        queryset=Institution.objects.all(),
        # Thousands of institutions: only the selected one is rendered, a search box finds others.
        widget=InstitutionFilterSelect,
    )
    # 16,000 staff at the target scale: only the chosen one is rendered, a search box finds others.
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible"),
        queryset=picker_queryset("staff"),
        widget=SearchSelect("staff", empty_label=ANY),
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
        for name, field in self.form.fields.items():
            is_select = hasattr(field, "choices")
            if is_select and name != "sort" and hasattr(field, "empty_label"):
                field.empty_label = ANY
            elif is_select and name != "sort":
                field.choices = [("", ANY), *[c for c in field.choices if c[0] != ""]]
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def filter_q(self, queryset, name, value):
        """Case- and ё/е-insensitive: the key is matched against the normalised full name, as a
        substring from MIN_CONTAINS characters on, as its beginning below that."""
        key = normalize_name(value)
        if not key:
            return queryset
        if len(key) < MIN_CONTAINS:
            return queryset.filter(search_name__startswith=key)
        return queryset.filter(search_name__contains=key)

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
        searching = len(normalize_name(self.form.cleaned_data.get("q") or "")) >= MIN_CONTAINS
        sorts = SEARCH_SORTS if searching else SORTS
        return queryset.order_by(*sorts.get(value, sorts["name"]))
