"""Where a `next` parameter may send the user: this site only (no open redirect)."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate: str | None, default: str = "home") -> str:
    """`candidate` if it is a URL of this host (relative, or absolute with this host and, on
    HTTPS, the https scheme); otherwise `default` (a URL name or a URL)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)
