"""The two shapes of the field pages' POST actions: a form whose fields are the service's
arguments, and a manager's accept / reject with a reason."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from field.forms import DecisionForm
from kolplatform.core.actions import run_service


def run_form(request, form, service: Callable, *, success: str, **kwargs) -> bool:
    """`service(**form.cleaned_data, **kwargs, actor=request.user)` when the form is valid."""
    if not form.is_valid():
        return False
    return run_service(
        request,
        lambda: service(**form.cleaned_data, **kwargs, actor=request.user),
        success=success,
    )


def run_decision(request, decide: Callable[[bool, str], object]) -> bool:
    """`decide(accept, reason)` from the DecisionForm of the request."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    return run_service(
        request,
        lambda: decide(data["decision"] == "accept", data["reason"]),
        success=_("The decision is recorded."),
    )
