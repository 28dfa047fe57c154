"""Writes through the API are audited with how they came: the key (its prefix and integration)
or a signed-in session."""

from contextlib import contextmanager

from api.auth import request_key
from kolplatform.core.audit import audit_via


def via_of(request) -> dict:
    key = request_key(request)
    if key is None:
        return {"channel": "api", "session": True}
    return {"channel": "api", "api_key": key.prefix, "integration": key.integration}


@contextmanager
def api_write(request):
    """Audit records written inside carry `changes["via"]`; yields that dict."""
    via = via_of(request)
    with audit_via(**via):
        yield via
