import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kolplatform.core.labels import content_type_label
from kolplatform.core.models import AuditLog


def _audited_types(request):
    used = AuditLog.objects.values("content_type").distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return content_type_label(obj)


class ContentTypeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=_audited_types, **kwargs)


class AuditLogFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Who"), method="filter_actor", widget=forms.TextInput(attrs={"type": "search"})
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditLog.Action.choices, empty_label=_("Any")
    )
    content_type = ContentTypeChoiceFilter(label=_("Object type"), empty_label=_("Any"))
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditLog
        fields = ["actor", "action", "content_type", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if self.form.is_bound and name in self.form.errors:
                css += " is-invalid"
            field.widget.attrs["class"] = f"{css} {css.split()[0]}-sm"

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor__username__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(actor__first_name__icontains=value)
            | Q(actor__email__icontains=value)
        )
