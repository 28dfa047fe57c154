from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from api.scopes import ALL_SCOPES
from kolplatform.core.roles import STAFF_ROLES, Role


class ApiKeyForm(forms.Form):
    integration = forms.CharField(
        label=_("Integration"),
        max_length=100,
        help_text=_("The system that will use the key, e.g. “CRM” or “Power BI”."),
    )
    role = forms.ChoiceField(
        label=_("Acts with the role"),
        choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES],
        initial=Role.MARKETING_MANAGER,
        help_text=_("The key sees and changes what a user with this role may, within its scopes."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(name, format_lazy("{} — {}", name, label)) for name, label in ALL_SCOPES.items()],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty: until revoked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "scopes":
                css = "form-select" if name == "role" else "form-control"
                field.widget.attrs["class"] = css
