"""Two-factor sign-in with a TOTP authenticator app (django-otp).

After the password, a session is in one of three states (kept in the session):
- "verify": the user has a confirmed authenticator; every page sends them to the code page until
  they enter a current code;
- "setup": the user's role requires two-factor sign-in (settings.TWO_FACTOR_REQUIRED_ROLES:
  finance and administrators) and they have no authenticator yet; every page sends them to the
  setup page (QR code, secret, confirm with a code);
- "ok": signed in fully.
Other staff may turn it on from their security page; KOLs are never asked. The state is decided
at sign-in (and for a session that has none, on its first request), so a request costs no query.

settings.TWO_FACTOR_DEMO_EXEMPT waives the setup requirement (the demo and the tests); production
settings refuse to start with it on. A user who has an authenticator is asked for a code anyway.
"""

import math

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kolplatform.core.redirects import is_same_site

STATE_KEY = "two_factor_state"
VERIFY, SETUP, OK = "verify", "setup", "ok"
# Pages a session in "verify" or "setup" may still open.
OPEN_VIEWS = frozenset(
    {
        "core:two_factor_verify",
        "core:two_factor_setup",
        "login",
        "logout",
        "set_language",
        "healthz",
    }
)


def two_factor_required(user) -> bool:
    """Rule: staff in one of settings.TWO_FACTOR_REQUIRED_ROLES (superusers count as
    administrators) must sign in with a second factor."""
    return user.is_staff_member and user.has_role(*settings.TWO_FACTOR_REQUIRED_ROLES)


def two_factor_state_for(user) -> str:
    if user_has_device(user, confirmed=True):
        return VERIFY
    if two_factor_required(user) and not settings.TWO_FACTOR_DEMO_EXEMPT:
        return SETUP
    return OK


@receiver(user_logged_in, dispatch_uid="two_factor_state_at_sign_in")
def _decide_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[STATE_KEY] = two_factor_state_for(user)


def two_factor_passed(request, device) -> None:
    """The user proved the second factor with `device`: the session is signed in fully."""
    otp_login(request, device)
    request.session[STATE_KEY] = OK


def totp_device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed authenticator (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


def safe_next(request, default: str) -> str:
    """The posted or queried `next` when it is a URL of this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_same_site(request, target) else default


def throttle_wait_seconds(devices) -> int:
    """Seconds until django-otp's throttling lets the next code be tried (0: now). Each wrong code
    doubles the wait (1, 2, 4 ... s); a code tried earlier is refused without being checked."""
    now = timezone.now()
    wait = 0
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and (info or {}).get("locked_until"):
            wait = max(wait, math.ceil((info["locked_until"] - now).total_seconds()))
    return wait


class TwoFactorMiddleware:
    """Sends a signed-in session that still owes its second factor to the code or setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        state = request.session.get(STATE_KEY)
        if state is None:  # a session from before two-factor sign-in existed
            state = request.session[STATE_KEY] = two_factor_state_for(user)
        if state == OK or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        name = "core:two_factor_verify" if state == VERIFY else "core:two_factor_setup"
        url = reverse(name)
        if request.method == "GET" and not getattr(request, "htmx", False):
            url += "?" + _next_query(request.get_full_path())
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


def _next_query(path: str) -> str:
    query = QueryDict(mutable=True)
    query["next"] = path
    return query.urlencode()
