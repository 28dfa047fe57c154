"""Posting to a receiver without becoming a proxy into our own network (SSRF).

The host is resolved once; every address it resolves to must be public — not private, loopback,
link-local, multicast, reserved, unspecified or shared (carrier-grade NAT), IPv4-mapped forms
included — unless settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS is on. The request then goes to the
address that was checked (the name is not resolved again, so a rebinding DNS answer cannot slip
in), with the original host name in `Host` and for TLS (SNI and certificate check). Redirects are
not followed; connect and read timeouts are bounded and so is the whole exchange; at most
MAX_RESPONSE_BYTES of the answer are read.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

MAX_RESPONSE_BYTES = 64 * 1024


class RefusedURL(Exception):
    """The URL may not be called (scheme, or an address inside our network)."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedURL(_("Only http and https URLs with a host can receive webhooks."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve_checked(url: str) -> list[str]:
    """The addresses of the URL's host, refused (RefusedURL) when any of them is inside our
    network and the setting does not allow it. A host that does not resolve raises OSError."""
    _scheme, host, port, _path = _split(url)
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS:
        for address in addresses:
            if _refused(ipaddress.ip_address(address.split("%")[0])):
                raise RefusedURL(
                    _("%(host)s resolves to %(address)s, an address inside a private network.")
                    % {"host": host, "address": address}
                )
    return addresses


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to `url` through the checked address; raises RefusedURL, OSError or
    urllib3's errors (timeouts, connection failures) when there is no answer."""
    scheme, host, port, path = _split(url)
    address = resolve_checked(url)[0]
    timeout = urllib3.Timeout(
        connect=settings.WEBHOOKS_CONNECT_TIMEOUT, read=settings.WEBHOOKS_READ_TIMEOUT
    )
    common = {"port": port, "timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **common
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, **common)
    host_header = host if port in (80, 443) else f"{host}:{port}"
    deadline = time.monotonic() + settings.WEBHOOKS_TOTAL_TIMEOUT
    with pool:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            data = _read_bounded(response, deadline)
        finally:
            response.release_conn()
    return Response(response.status, dict(response.headers), data)


def _read_bounded(response, deadline: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.stream(8192):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_RESPONSE_BYTES or time.monotonic() > deadline:
            break
    return b"".join(chunks)[:MAX_RESPONSE_BYTES]
