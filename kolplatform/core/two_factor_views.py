"""Pages of two-factor sign-in (kolplatform.core.two_factor): the code after the password, the
setup of an authenticator, and the staff member's security page."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from kolplatform.core.audit import audit_log
from kolplatform.core.forms import TotpCodeForm
from kolplatform.core.permissions import staff_required
from kolplatform.core.two_factor import (
    STATE_KEY,
    VERIFY,
    safe_next,
    throttle_wait_seconds,
    totp_device_for_setup,
    two_factor_passed,
    two_factor_required,
)


def throttled_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes: wait %(n)s second, then enter the current code.",
        "Too many wrong codes: wait %(n)s seconds, then enter the current code.",
        seconds,
    ) % {"n": seconds}


@never_cache
@login_required
def two_factor_verify(request):
    """The code after the password, for a user with a confirmed authenticator."""
    if request.session.get(STATE_KEY) != VERIFY:
        return redirect(safe_next(request, reverse("home")))
    form = TotpCodeForm(request.POST or None)
    confirmed = devices_for_user(request.user, confirmed=True)
    if request.method == "POST" and form.is_valid() and (wait := throttle_wait_seconds(confirmed)):
        form.add_error("code", throttled_message(wait))
    elif request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            two_factor_passed(request, device)
            audit_log(
                actor=request.user, obj=request.user, action="login", comment="two-factor code"
            )
            return redirect(safe_next(request, reverse("home")))
        form.add_error("code", _("The code is wrong or has expired. Enter the current code."))
        audit_log(
            actor=request.user, obj=request.user, action="other", comment="wrong two-factor code"
        )
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, "registration/two_factor_verify.html", context)


@never_cache
@staff_required
def two_factor_setup(request):
    """A new authenticator: the QR code and the secret, confirmed by a code from the app."""
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect("core:two_factor_security")
    device = totp_device_for_setup(request.user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (wait := throttle_wait_seconds([device])):
        form.add_error("code", throttled_message(wait))
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            two_factor_passed(request, device)
            audit_log(
                actor=request.user,
                obj=request.user,
                action="update",
                comment="two-factor sign-in turned on",
            )
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(safe_next(request, reverse("core:two_factor_security")))
        form.add_error("code", _("The code is wrong or has expired. Enter the current code."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "required": two_factor_required(request.user),
        "next": safe_next(request, ""),
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
@staff_required
def two_factor_security(request):
    """The staff member's security page: whether two-factor sign-in is on."""
    enabled = any(devices_for_user(request.user, confirmed=True))
    return render(
        request,
        "core/security.html",
        {
            "enabled": enabled,
            "required": two_factor_required(request.user),
            "breadcrumbs": [(_("Security"), None)],
        },
    )
