"""Forms: validation of input only; the rules are applied by the services."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from contracts.models import Contract, DocumentKind, DocumentTemplate
from contracts.terms import contract_term_error
from experts.forms import ConsentChoicesForm
from experts.models import Expert, ServiceType
from kolplatform.core.uploads import MB, PDF, CheckedFileField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("Services covered"),
        choices=ServiceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contract
        fields = [
            "expert",
            "starts_on",
            "ends_on",
            "cap_amount",
            "tax_regime",
            "payment_terms_days",
            "services",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(is_active=True).only(
            "pk", "last_name", "first_name", "middle_name"
        )
        if self.instance.pk:
            self.fields["expert"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            error = contract_term_error(starts_on=data["starts_on"], ends_on=data["ends_on"])
            if error:
                self.add_error("ends_on", error)
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("A rejection needs a comment."))
        return data


class OrderForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.25, max_digits=6, decimal_places=2)
    order_date = forms.DateField(label=_("Order date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contract is not None:
            self.fields["service_type"].choices = [
                (v, label) for v, label in ServiceType.choices if v in contract.services
            ]


class ActForm(forms.Form):
    actual_hours = forms.DecimalField(
        label=_("Actual hours"), min_value=0.25, max_digits=6, decimal_places=2
    )
    act_date = forms.DateField(label=_("Act date"), widget=DATE)


class IdentityForm(forms.Form):
    note = forms.CharField(
        label=_("Identity document checked"),
        max_length=300,
        help_text=_("E.g. passport 45 00 123456, issued 01.02.2015; checked in person."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "font-monospace small"})}


class RegisterForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The passwords do not match."))
        return data


class AgreementsForm(ConsentChoicesForm):
    """Acceptance of the agreements; the consent choices below show their current values and
    change only when the KOL picks another one."""

    accept_esign = forms.BooleanField(
        label=_("I accept the agreement on the use of the simple electronic signature")
    )
    accept_consent = forms.BooleanField(label=_("I consent to the processing of my personal data"))

    field_order = ["accept_esign", "accept_consent", "allows_named_disclosure", "allows_email"]


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("One-time code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}
        ),
    )


class VerifyForm(forms.Form):
    file = CheckedFileField(label=_("PDF file"), required=False, allowed=PDF, max_bytes=20 * MB)
    sha256 = forms.CharField(label=_("or its SHA-256 hash"), required=False, max_length=80)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("sha256") or "").strip():
            raise forms.ValidationError(_("Upload a PDF or paste its hash."))
        return data


class ArchiveFilterForm(forms.Form):
    expert = forms.CharField(label=_("Expert"), required=False)
    number = forms.CharField(label=_("Number"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any"))] + list(DocumentKind.choices)
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or expert"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(Contract.Status.choices)
    )
