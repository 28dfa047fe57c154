"""Forms of the expert base: validation only."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from experts.bank import SNAPSHOT_FIELDS
from experts.consent import consent_choices_of
from experts.importing.rows import TARGETS
from experts.models import (
    CAREER_AND_CONTACT_FIELDS,
    Competency,
    Consent,
    Expert,
    ExpertBankDetails,
    ImportJob,
    Institution,
    ProfessionalActivity,
)
from kolplatform.core.pickers import use_picker
from kolplatform.core.uploads import CheckedFileField


class InstitutionSelect(forms.Select):
    """Renders only the selected institution; the search box next to it (htmx) fills the rest,
    so the form stays light with tens of thousands of institutions."""

    template_name = "experts/widgets/institution_select.html"
    empty_label = "—"

    def optgroups(self, name, value, attrs=None):
        selected = [str(v) for v in value if v]
        options = [self.create_option(name, "", self.empty_label, not selected, 0)]
        for i, inst in enumerate(Institution.objects.filter(pk__in=selected), 1):
            options.append(self.create_option(name, inst.pk, str(inst), True, i))
        return [(None, options, 0)]


EXPERT_FIELDS = [
    "last_name",
    "first_name",
    "middle_name",
    "specialties",
    "therapeutic_areas",
    "institution",
    *CAREER_AND_CONTACT_FIELDS,
    "region",
    "city",
    "crm_id",
    "provider_id",
    "responsible",
    "tax_status",
]


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = EXPERT_FIELDS
        widgets = {
            "institution": InstitutionSelect,
            "specialties": forms.SelectMultiple(attrs={"size": 5}),
            "therapeutic_areas": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "region": _("Taken from the institution when left empty."),
            "city": _("Taken from the institution when left empty."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["responsible"], "staff")
        for name in ("crm_id", "provider_id"):
            self.fields[name].required = False

    def clean_crm_id(self):
        return self.cleaned_data.get("crm_id") or None

    def clean_provider_id(self):
        return self.cleaned_data.get("provider_id") or None

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not re.match(r"^[+\d][\d\s()\-]{5,31}$", phone):
            raise ValidationError(_("Enter a phone number such as +7 912 345-67-89."))
        return phone


# What a KOL may propose to change from the cabinet (issue 19, item 10): contacts, workplace,
# specialty, address. Name, tax status and tier stay with the company.
CABINET_PROFILE_FIELDS = [
    "email",
    "phone",
    "institution",
    "position",
    "specialties",
    "region",
    "city",
]


class CabinetProfileForm(forms.ModelForm):
    """A change of the KOL's own data, proposed for review (validation only)."""

    class Meta:
        model = Expert
        fields = CABINET_PROFILE_FIELDS
        widgets = {
            "institution": InstitutionSelect,
            "specialties": forms.SelectMultiple(attrs={"size": 6}),
        }

    clean_phone = ExpertForm.clean_phone

    def proposed(self) -> dict:
        """The changed fields only, as values a change request carries."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "region", "city", "address", "beds", "departments", "external_id"]

    def clean_external_id(self):
        return self.cleaned_data.get("external_id") or None


class ConsentForm(forms.ModelForm):
    file = CheckedFileField(label=_("Signed consent (scan or PDF)"), required=False)

    class Meta:
        model = Consent
        fields = ["text_version", "scope", "given_at", "allows_named_disclosure", "allows_email"]
        widgets = {"given_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


def _yes_no(value: str) -> bool:
    return value == "1"


class ConsentChoicesForm(forms.Form):
    """The data subject's choices inside the consent, shown with their current values. A choice
    that is not sent keeps its value; `shown_consent` names the consent the page showed."""

    allows_named_disclosure = forms.TypedChoiceField(
        label=_("Name me in the transparency report on transfers of value"),
        choices=[("1", _("Yes, name me")), ("0", _("No, include my amounts in the aggregate"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    allows_email = forms.TypedChoiceField(
        label=_("Information e-mails from the company"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    shown_consent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current: Consent | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in consent_choices_of(current).items():
            self.fields[name].initial = "1" if value else "0"
        self.fields["shown_consent"].initial = current.pk if current else None

    def choices(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("allows_named_disclosure", "allows_email")
        }


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CompactFormMixin:
    """Bootstrap classes and placeholders for forms rendered field by field in a row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
                if hasattr(field, "empty_label") and field.empty_label is not None:
                    field.empty_label = f"{field.label}…"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
                widget.attrs.setdefault("placeholder", field.label)
            widget.attrs["aria-label"] = field.label


class ActivityForm(CompactFormMixin, forms.ModelForm):
    class Meta:
        model = ProfessionalActivity
        fields = ["kind", "title", "venue", "year", "link"]


class CompetencyForm(CompactFormMixin, forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["product", "therapeutic_area", "topic", "approved_at"]
        widgets = {"approved_at": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["product"], "product")

    def clean(self):
        data = super().clean()
        if not (data.get("product") or data.get("therapeutic_area") or data.get("topic")):
            raise ValidationError(_("Name a product, a therapeutic area or a topic."))
        return data


BIK_RE = re.compile(r"^\d{9}$")
ACCOUNT_RE = re.compile(r"^\d{20}$")


class BankDetailsForm(forms.ModelForm):
    class Meta:
        model = ExpertBankDetails
        fields = list(SNAPSHOT_FIELDS)
        widgets = {"passport_issued_on": forms.DateInput(attrs={"type": "date"})}

    def _digits(self, name, pattern, message):
        value = re.sub(r"[\s-]", "", self.cleaned_data.get(name) or "")
        if value and not re.match(pattern, value):
            raise ValidationError(message)
        return value

    def clean_inn(self):
        return self._digits("inn", r"^(\d{10}|\d{12})$", _("An INN has 10 or 12 digits."))

    def clean_snils(self):
        return self._digits("snils", r"^\d{11}$", _("A SNILS has 11 digits."))

    def clean_bik(self):
        return self._digits("bik", r"^\d{9}$", _("A BIK has 9 digits."))

    def clean_account(self):
        return self._digits("account", r"^\d{20}$", _("An account number has 20 digits."))

    def clean_corr_account(self):
        return self._digits("corr_account", r"^\d{20}$", _("An account number has 20 digits."))

    def clean_passport_series(self):
        return self._digits("passport_series", r"^\d{4}$", _("A passport series has 4 digits."))

    def clean_passport_number(self):
        return self._digits("passport_number", r"^\d{6}$", _("A passport number has 6 digits."))


class AssessmentScoresForm(forms.Form):
    """One score field and one evidence field per criterion of the assessment."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(assessment.scores.select_related("criterion"))
        self.fields["comment"].initial = assessment.comment
        for row in self.rows:
            self.fields[f"score_{row.criterion_id}"] = forms.TypedChoiceField(
                label=row.criterion.name,
                help_text=row.criterion.description,
                choices=[("", "—")] + [(i, str(i)) for i in range(row.max_score + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=row.score,
                disabled=row.computed,  # computed from its source, not typed
            )
            self.fields[f"evidence_{row.criterion_id}"] = forms.CharField(
                label=_("Evidence"), required=False, initial=row.evidence, disabled=row.computed
            )

    def score_rows(self):
        for row in self.rows:
            yield row, self[f"score_{row.criterion_id}"], self[f"evidence_{row.criterion_id}"]

    def scores(self) -> dict:
        return {
            row.criterion_id: (
                self.cleaned_data[f"score_{row.criterion_id}"],
                self.cleaned_data[f"evidence_{row.criterion_id}"],
            )
            for row in self.rows
        }


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=ImportJob.Source.choices)
    file = forms.FileField(label=_("File (CSV or XLSX)"))


class ImportMappingForm(forms.Form):
    """For every target field: which column of the file holds it."""

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [(h, h) for h in job.headers if h]
        for target in TARGETS:
            self.fields[target.name] = forms.ChoiceField(
                label=target.label,
                choices=choices,
                required=target.required,
                initial=job.mapping.get(target.name, ""),
            )

    def clean(self):
        data = super().clean()
        used = [v for v in data.values() if v]
        if len(used) != len(set(used)):
            raise ValidationError(_("Each column can be mapped to one field only."))
        return data

    def mapping(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Number of the duplicate record"),
        help_text=_(
            "It is shown as # on the duplicate's profile; it will be merged into this one."
        ),
    )
    reason = forms.CharField(label=_("Reason"), required=False)


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason and request reference"), widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone"))
