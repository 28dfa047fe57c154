from django import forms
from django.utils.translation import gettext_lazy as _

from kolplatform.core.models import ApprovalStep


class ApprovalDecisionForm(forms.Form):
    """The shape of a decision; the rules (who, which step, rejection comment) are the engine's."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    step = forms.ModelChoiceField(
        queryset=ApprovalStep.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This step no longer exists.")},
    )
    source = forms.ChoiceField(
        choices=[("inbox", "inbox"), ("panel", "panel")], initial="panel", widget=forms.HiddenInput
    )


class TotpCodeForm(forms.Form):
    """A code of the authenticator app (two-factor sign-in)."""

    code = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits the app shows.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": 6,
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()
