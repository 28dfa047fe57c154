from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from kolplatform.core.models import ApprovalStep


class PlainChoiceIterator(ModelChoiceIterator):
    """The options of a model select read with one plain query.

    Django's iterator reads them through QuerySet.iterator(), on PostgreSQL a server-side cursor:
    outside a transaction DECLARE … WITH HOLD, FETCH and CLOSE, three round trips and a copy
    materialised at commit, for a list of a few dozen regions or specialties. Long lists are
    never rendered whole (server-side pickers, kolplatform/core/pickers.py), so reading the
    options at once costs no memory worth a cursor. CoreConfig.ready() installs its reading in
    Django's iterator, which django-filter's model filters extend."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


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
