"""Forms of field work. Pickers of experts and institutions search on the server."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import Expert, Institution
from field.models import CyclePlan, FieldRep, SegmentCell, VisitType
from kolplatform.core.models import Product


class PlanCreateForm(forms.Form):
    rep = forms.ModelChoiceField(queryset=None, label=_("Representative"))
    period = forms.ChoiceField(choices=CyclePlan.Period.choices, label=_("Cycle"))
    month = forms.DateField(
        label=_("First month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def __init__(self, *args, reps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rep"].queryset = reps
        today = timezone.localdate()
        self.fields["month"].initial = date(today.year, today.month, 1)


class TargetAddForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.all(), widget=forms.HiddenInput
    )
    expert = forms.ModelChoiceField(
        queryset=Expert.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )
    planned = forms.IntegerField(
        label=_("Planned visits"), min_value=0, max_value=200, required=False
    )


class ScheduleForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class GoalChangeForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.all(), widget=forms.HiddenInput
    )
    expert = forms.ModelChoiceField(
        queryset=Expert.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )
    planned = forms.IntegerField(label=_("Planned visits"), min_value=0, max_value=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class SegmentForm(forms.Form):
    cell = forms.ModelChoiceField(queryset=SegmentCell.objects.all(), label=_("Segment"))
    override_reason = forms.CharField(
        label=_("Reason for the override (administrators)"), required=False, max_length=1000
    )


class ReportForm(forms.Form):
    visit_type = forms.ChoiceField(choices=VisitType.choices, label=_("Visit type"))
    doctors = forms.ModelMultipleChoiceField(
        queryset=Expert.objects.none(),
        required=False,
        label=_("Doctors met"),
        widget=forms.CheckboxSelectMultiple,
    )
    products = forms.ModelMultipleChoiceField(
        queryset=Product.objects.filter(is_active=True),
        required=False,
        label=_("Products discussed"),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    follow_up = forms.CharField(label=_("Follow-up task"), required=False, max_length=300)
    follow_up_due = forms.DateField(
        label=_("Follow-up due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    range_comment = forms.CharField(
        label=_("Why the check-in was out of range"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doctors"].queryset = Expert.objects.filter(
            institution_id=visit.institution_id, is_active=True, merged_into=None
        ).order_by("last_name", "first_name")
        for name in ("doctors", "products"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]  # nothing to pick from
        if visit.geo_status != "out_of_range":
            del self.fields["range_comment"]


class FixForm(forms.Form):
    """A check-in or check-out from the phone (posted by static/js/field-visits.js)."""

    latitude = forms.FloatField(required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180)
    accuracy = forms.FloatField(required=False, min_value=0, max_value=100_000)
    fix_at = forms.DateTimeField(required=False)
    permission = forms.ChoiceField(
        choices=[("granted", "granted"), ("denied", "denied"), ("unavailable", "unavailable")]
    )
    at = forms.DateTimeField(required=False)


class RadiiForm(forms.Form):
    """The radius of each institution type; empty: the policy's default."""

    def __init__(self, *args, default_m: int, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Institution.Kind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label,
                required=False,
                min_value=10,
                max_value=50_000,
                help_text=_("m; empty: %(default)s m (the default)") % {"default": default_m},
            )


class RepTargetsForm(forms.ModelForm):
    class Meta:
        model = FieldRep
        fields = ("visits_per_day", "points_day", "points_week", "points_month")
