from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.filters import Filters
from analytics.models import KpiTarget, Plan
from events.models import EventType
from experts.models import Expert
from kolplatform.core.models import Region, TherapeuticArea
from kolplatform.core.pickers import SearchSelect, picker_queryset, use_picker
from kolplatform.core.widgets import PlainSelect

QUARTERS = [("", _("Whole year"))] + [(q, f"Q{q}") for q in range(1, 5)]
MONTHS = [("", "—")] + [(m, f"{m:02d}") for m in range(1, 13)]


def _period(label, choices) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=PlainSelect,
    )


class FilterForm(forms.Form):
    """The dashboard filters, kept in the URL (GET)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = _period(_("Quarter"), QUARTERS)
    month = _period(_("Month"), MONTHS)
    product = forms.ModelChoiceField(
        picker_queryset("product"),
        label=_("Product"),
        required=False,
        widget=SearchSelect("product", empty_label="---------"),
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), label=_("Region"), required=False, widget=PlainSelect
    )
    therapeutic_area = forms.ModelChoiceField(
        TherapeuticArea.objects.all(),
        label=_("Therapeutic area"),
        required=False,
        widget=PlainSelect,
    )
    manager = forms.ModelChoiceField(
        picker_queryset("manager"),
        label=_("Manager"),
        required=False,
        widget=SearchSelect("manager", empty_label="---------"),
    )
    event_type = forms.ModelChoiceField(
        EventType.objects.all(), label=_("Event type"), required=False, widget=PlainSelect
    )
    expert = forms.ModelChoiceField(
        Expert.objects.all(),
        label=_("KOL (expert ID)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} form-select-sm form-control-sm")

    def filters(self) -> Filters:
        """The filters of a valid form; invalid values are reported and treated as "all"."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

        def pk(name):
            return data[name].pk if data.get(name) else None

        return Filters(
            year=data.get("year") or timezone.localdate().year,
            quarter=data.get("quarter"),
            month=data.get("month"),
            **{
                name: pk(name)
                for name in (
                    "product", "region", "therapeutic_area", "manager", "event_type", "expert"
                )
            },
        )  # fmt: skip


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "year", "quarter", "product", "region", "manager", "event_type",
            "events", "participants", "experts", "budget",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["product"], "product")
        use_picker(self.fields["manager"], "manager")


class KpiTargetForm(forms.ModelForm):
    class Meta:
        model = KpiTarget
        fields = ["manager", "year", "events_held", "participants", "cost_per_participant",
                  "feedback_score"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["manager"], "manager")


class XlsxUploadForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        return file
