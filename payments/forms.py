from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import TaxStatus
from kolplatform.core.uploads import CheckedFileField
from payments.models import CapException, Payout


class PayoutFilterForm(forms.Form):
    DUE_CHOICES = [
        ("", _("Any due date")),
        ("due", _("Due within 3 days")),
        ("overdue", _("Overdue")),
    ]

    q = forms.CharField(label=_("Expert, act or contract"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Payout.Status.choices], required=False
    )
    regime = forms.ChoiceField(
        label=_("Tax regime"), choices=[("", _("Any regime")), *TaxStatus.choices], required=False
    )
    due = forms.ChoiceField(label=_("Due"), choices=DUE_CHOICES, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CapExceptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Cap"), choices=CapException.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NpdConfirmForm(forms.Form):
    inn = forms.RegexField(label=_("INN"), regex=r"^\d{12}$", max_length=12)
    on_date = forms.DateField(
        label=_("Status on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    is_self_employed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Registered as self-employed")), ("0", _("Not self-employed"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("How it was checked"), required=False)


class UploadForm(forms.Form):
    file = CheckedFileField(label=_("File (PDF, PNG or JPEG, up to 10 MB)"))


class ConfirmationForm(forms.Form):
    file = forms.FileField(label=_("Confirmation file (bank CSV, 1C XML or a 1C bank statement)"))


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransparencyForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    export = forms.ChoiceField(
        label=_("Export"),
        choices=[("", _("Show")), ("csv", "CSV"), ("xlsx", "XLSX")],
        required=False,
    )
