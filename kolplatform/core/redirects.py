"""Where a `next` parameter may send the user: this site only (no open redirect)."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_same_site(request, candidate: str | None) -> bool:
    """True for a URL of this host: relative, or absolute with this host and, on HTTPS, the https
    scheme."""
    return bool(candidate) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_url(request, candidate: str | None, default: str = "home") -> str:
    """`candidate` if it is a URL of this site (`is_same_site`); otherwise `default` (a URL name
    or a URL)."""
    return candidate if is_same_site(request, candidate) else resolve_url(default)
