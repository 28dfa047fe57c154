"""Session time limits: a signed-in session ends after a stretch without requests (idle) or a
fixed time after sign-in (absolute), whichever comes first.

Staff hold the company's data and decide approvals and payouts: 30 minutes idle, 12 hours
absolute by default. KOLs open their cabinet between patients, from a phone, to sign a document
with a one-time code: 2 hours idle, 24 hours absolute by default. A user who is both is treated as
staff. The limits are settings (SESSION_STAFF_IDLE_MINUTES, SESSION_STAFF_MAX_HOURS,
SESSION_KOL_IDLE_MINUTES, SESSION_KOL_MAX_HOURS).

The session stores when it started and when it was last seen (epoch seconds, server clock); the
last-seen stamp is rewritten at most once a minute, so most requests do not write the session.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

STARTED_KEY = "_session_started"
SEEN_KEY = "_session_seen"
TOUCH_EVERY = 60  # seconds between rewrites of the last-seen stamp


@dataclass(frozen=True)
class SessionLimits:
    idle: float  # seconds
    absolute: float  # seconds


def session_limits(user) -> SessionLimits:
    """The limits of the user's sessions: KOL limits only for a KOL who holds no staff role."""
    if user.is_kol and not user.is_staff_member:
        return SessionLimits(
            idle=settings.SESSION_KOL_IDLE_MINUTES * 60,
            absolute=settings.SESSION_KOL_MAX_HOURS * 3600,
        )
    return SessionLimits(
        idle=settings.SESSION_STAFF_IDLE_MINUTES * 60,
        absolute=settings.SESSION_STAFF_MAX_HOURS * 3600,
    )


def session_expired(*, started: float, last_seen: float, now: float, limits: SessionLimits) -> bool:
    """True when the session was idle longer than the idle limit, or is older than the absolute
    limit (a clock that went backwards counts as no time passed)."""
    return now - last_seen > limits.idle or now - started > limits.absolute


def session_start(session, *, now: float | None = None) -> None:
    """Stamp a freshly signed-in session."""
    now = time.time() if now is None else now
    session[STARTED_KEY] = session[SEEN_KEY] = now


def session_start_on_sign_in(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: signing in (again) starts both clocks afresh."""
    if request is not None and hasattr(request, "session"):
        session_start(request.session)


class SessionTimeoutMiddleware:
    """Ends an expired session and sends the user to sign in, keeping where they were going."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session, now = request.session, time.time()
            started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
            if not isinstance(started, (int, float)) or not isinstance(seen, (int, float)):
                session_start(session, now=now)  # a session from before these limits
            elif session_expired(
                started=started, last_seen=seen, now=now, limits=session_limits(request.user)
            ):
                return self._expire(request)
            elif now - seen >= TOUCH_EVERY:
                session[SEEN_KEY] = now
        return self.get_response(request)

    def _expire(self, request):
        next_path = _next_path(request)
        logout(request)
        if request.path == resolve_url(settings.LOGIN_URL):
            return self.get_response(request)  # signing in again: let the form through
        messages.info(request, _("Your session has expired. Please sign in again."))
        if request.htmx:  # a partial request: the whole page goes to the sign-in form
            return HttpResponseClientRedirect(redirect_to_login(next_path).url)
        return redirect_to_login(next_path)


def _next_path(request) -> str:
    """Where to return after signing in: the page for GET; for a form post or an htmx request,
    the page it was sent from (same site only), since its URL may not answer GET."""
    if request.htmx and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    if request.method != "GET":
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(referer)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()
