from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kolplatform.core import hooks
from kolplatform.core.roles import Role
from webhooks.models import ALL_EVENTS, Endpoint
from webhooks.network import RefusedURL, resolve_checked


def event_type_choices() -> list[tuple[str, str]]:
    """Every domain event of kolplatform.core.hooks.EVENTS (new ones appear by themselves)."""
    return [(ALL_EVENTS, _("All event types, including those added later"))] + [
        (name, name) for name in sorted(hooks.EVENTS)
    ]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("HTTPS is recommended. Addresses inside our own network are refused."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Event types"), choices=event_type_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["description", "event_types", "owner"]  # url: declared above

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["url"] = self.instance.url
        self.order_fields(["url", "description", "event_types", "owner"])
        # The owner is told when the endpoint is disabled: an administrator (a short list).
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.ADMIN, is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["owner"].required = False

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            resolve_checked(url)
        except RefusedURL as exc:
            raise forms.ValidationError(str(exc)) from exc
        except OSError:
            pass  # a name that does not resolve yet: deliveries fail and retry until it does
        return url

    def clean_event_types(self):
        chosen = self.cleaned_data["event_types"]
        return [ALL_EVENTS] if ALL_EVENTS in chosen else chosen


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))],
    )

    def __init__(self, *args, **kwargs):
        from webhooks.models import Delivery

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Delivery.Status.choices]
