"""Helpers shared by the payments views."""

from django.contrib import messages
from django.shortcuts import redirect

from kolplatform.core.actions import run_service
from payments import services
from payments.forms import MessageForm, UploadForm


def run_action(request, action, *, success: str, next_url: str):
    """Call a service (core.actions.run_service); always redirect back."""
    run_service(request, action, success=success)
    return redirect(next_url)


def form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def run_form_action(request, form, action, *, success: str, next_url: str):
    """Validate `form`: its errors become an error message; when valid, call
    `action(cleaned_data)` as run_action does. Always redirect to `next_url`."""
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(next_url)
    return run_action(
        request, lambda: action(form.cleaned_data), success=success, next_url=next_url
    )


def upload_action(request, *, payout, service, success: str, next_url: str):
    """The upload form of a payout document, handed to `service(payout, data, name, actor)`
    (the self-employed receipt, the entrepreneur's invoice)."""

    def store(data):
        upload = data["file"]
        return service(payout=payout, data=upload.read(), name=upload.name, actor=request.user)

    form = UploadForm(request.POST, request.FILES)
    return run_form_action(request, form, store, success=success, next_url=next_url)


def message_action(request, *, payout, success: str, next_url: str):
    """A message in the payout's support thread, from the KOL or from the accountant."""
    return run_form_action(
        request,
        MessageForm(request.POST),
        lambda data: services.support_message_post(
            payout=payout, author=request.user, text=data["text"]
        ),
        success=success,
        next_url=next_url + "#support",
    )
