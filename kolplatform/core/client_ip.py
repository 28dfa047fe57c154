"""The client's IP address, as far as the deployment can vouch for it.

Every reverse proxy in front of the application appends the address it received the request from
to X-Forwarded-For. With settings.TRUSTED_PROXY_COUNT = N proxies of our own in front, the N-th
entry from the right was written by our outermost proxy and is the client; everything to its left
was sent by the client and may be made up. With N = 0 (no proxy) the header is ignored and the
socket's REMOTE_ADDR is the client.

This one function feeds the sign-in lock-out (AXES_CLIENT_IP_CALLABLE) and every rate limit keyed
by "ip" (RATELIMIT_IP_META_KEY), so both agree on who the client is.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address; REMOTE_ADDR when the forwarded chain is shorter than configured or
    its entry is not an IP address (the request bypassed a proxy, or the header is garbage)."""
    remote_addr = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if len(chain) < count:
        return remote_addr
    return _address(chain[-count]) or remote_addr


def _address(entry: str) -> str | None:
    """The IP address in an X-Forwarded-For entry ("203.0.113.7", "203.0.113.7:5123",
    "2001:db8::1", "[2001:db8::1]:5123"), or None."""
    if entry.startswith("["):
        entry = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:
        entry = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None
