"""Standard Webhooks v1 signatures: secrets `whsec_<base64>` and the three headers.

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`, HMAC-SHA256 with the decoded
secret, sent as `v1,<base64>`. While a rotated secret is in its overlap window the header carries
both signatures, space separated (`v1,<new> v1,<old>`), so a receiver still holding the old secret
keeps verifying (the specification's zero-downtime rotation).
"""

import base64
import json
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the specification asks for at least 24


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_generate() -> str:
    """A unique id without full stops (the specification forbids them in the signed id)."""
    return "msg_" + secrets.token_urlsafe(18).replace(".", "_")


def message_body(*, event_type: str, occurred_at: datetime, data: dict) -> str:
    """The thin payload {type, timestamp, data}, minified; the exact bytes that are signed."""
    return json.dumps(
        {"type": event_type, "timestamp": _iso_utc(occurred_at), "data": data},
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=False,
    )


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def signed_headers(
    *, msg_id: str, timestamp: datetime, body: str, secrets_in_force: list[str]
) -> dict[str, str]:
    """The webhook-id/-timestamp/-signature headers, signed with every secret in force."""
    signatures = [
        Webhook(secret).sign(msg_id=msg_id, timestamp=timestamp, data=body)
        for secret in secrets_in_force
    ]
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
