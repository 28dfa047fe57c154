"""Forms of events (validation only)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import (
    BudgetCategory,
    BudgetLine,
    Event,
    EventType,
    Participant,
    Task,
    Vendor,
    VendorRequest,
)
from events.selectors import participant_candidates, speaker_candidates
from experts.models import Expert
from kolplatform.core.models import Region
from kolplatform.core.pickers import SearchSelect, picker_queryset, use_picker
from kolplatform.core.uploads import DOCUMENT, CheckedFileField

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
D = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExpertPicker(forms.Select):
    """A search box (htmx, events:expert_search) above a select that holds only the chosen
    expert and the matches of the last search: the form stays light with 165,000 experts."""

    template_name = "events/widgets/expert_picker.html"
    search_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if str(v).isdigit()]
        options = [self.create_option(name, "", "—", not chosen, 0)]
        for i, expert in enumerate(Expert.objects.filter(pk__in=chosen), 1):
            options.append(self.create_option(name, expert.pk, expert.full_name, True, i))
        return [(None, options, 0)]


def expert_picker(field, *, event, role: str, queryset) -> None:
    """Point `field` at the candidates of `role` and their search endpoint."""
    field.queryset = queryset
    field.widget = ExpertPicker()
    field.widget.search_url = reverse("events:expert_search", args=[event.pk, role])


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "event_type",
            "format",
            "starts_at",
            "ends_at",
            "timezone",
            "city",
            "venue",
            "online_url",
            "products",
            "therapeutic_area",
            "region",
            "team",
            "target_audience",
            "planned_participants",
            "sponsors",
            "description",
        ]
        widgets = {
            "starts_at": DT,
            "ends_at": DT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "products": forms.SelectMultiple(attrs={"size": 4}),
            "team": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(is_active=True)
        use_picker(self.fields["team"], "staff")
        use_picker(self.fields["products"], "product")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The event must end after it starts."))
        fmt = data.get("format")
        if fmt in ("offline", "hybrid") and not data.get("city"):
            self.add_error("city", _("Give the city of an in-person event."))
        if fmt in ("online", "hybrid") and not data.get("online_url"):
            self.add_error("online_url", _("Give the link of an online event."))
        return data


class ProgramItemForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DT, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DT, input_formats=["%Y-%m-%dT%H:%M"])
    speaker = forms.ModelChoiceField(
        label=_("Speaker"), queryset=Expert.objects.none(), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        expert_picker(
            self.fields["speaker"],
            event=event,
            role="speaker",
            queryset=speaker_candidates(event=event),
        )
        self.fields["speaker"].help_text = _(
            "Type the surname: experts with an active contract on the event date. Consent, "
            "competency and an approved service order are checked when you save."
        )


class SpeakerOrderForm(forms.Form):
    speaker = forms.ModelChoiceField(
        label=_("Speaker"), queryset=Expert.objects.all(), widget=forms.HiddenInput
    )
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=100, decimal_places=2)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "planned", "final", "actual", "is_entertainment"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = event.event_type.allowed_budget_categories
        if allowed:
            self.fields["category"].choices = [c for c in BudgetCategory.choices if c[0] in allowed]
        for name in ("planned", "final", "actual"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = "0"

    def clean(self):
        data = super().clean()
        for name in ("planned", "final", "actual"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("Amounts cannot be negative."))
        return data


class ParticipantForm(forms.ModelForm):
    expert = forms.ModelChoiceField(
        label=_("Expert"), queryset=Expert.objects.none(), required=False
    )

    class Meta:
        model = Participant
        fields = ["expert", "full_name", "institution_name", "specialty", "email"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        expert_picker(
            self.fields["expert"],
            event=event,
            role="participant",
            queryset=participant_candidates(event=event),
        )
        self.fields["expert"].help_text = _(
            "Type the surname: experts of the event's region; or fill in the name of an "
            "external medical worker."
        )
        self.fields["full_name"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("expert") and not data.get("full_name"):
            raise forms.ValidationError(_("Choose an expert or give the name of the participant."))
        return data


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "assignee", "due_date"]
        widgets = {"due_date": D}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["assignee"], "staff")


class VendorRequestForm(forms.ModelForm):
    class Meta:
        model = VendorRequest
        fields = ["vendor", "kind", "details", "speaker", "traveller"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = Vendor.objects.filter(is_active=True)
        self.fields["speaker"].queryset = Expert.objects.filter(
            program_items__event=event
        ).distinct()
        self.fields["traveller"].queryset = event.participants.all()


class VendorQuoteForm(forms.Form):
    amount = forms.DecimalField(label=_("Cost, RUB"), min_value=0.01, decimal_places=2)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = CheckedFileField(
        label=_("Quote or confirmation document"), required=False, allowed=DOCUMENT
    )


class VendorPaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid to the vendor on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoticeSubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=D)
    reference = forms.CharField(label=_("Reference"), max_length=100)
    evidence = CheckedFileField(label=_("Evidence (receipt, screenshot)"), required=False)


class UploadForm(forms.Form):
    file = CheckedFileField(label=_("File"), allowed=DOCUMENT)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=D)
    date_to = forms.DateField(label=_("To"), required=False, widget=D)
    event_type = forms.ModelChoiceField(
        label=_("Type"), queryset=EventType.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---------"), *Event.Status.choices]
    )
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=picker_queryset("product"),
        required=False,
        widget=SearchSelect("product", empty_label="---------"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    owner = forms.CharField(label=_("Owner (surname)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )
