"""Signatures follow Standard Webhooks v1, checked against the specification's published test
vector (standard-webhooks libraries' test suite: secret, id, timestamp, payload and signature)."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from webhooks.signing import (
    message_body,
    message_id_generate,
    secret_generate,
    signed_headers,
)

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_PAYLOAD = '{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_published_test_vector():
    headers = signed_headers(
        msg_id=VECTOR_ID,
        timestamp=datetime.fromtimestamp(VECTOR_TIMESTAMP, tz=UTC),
        body=VECTOR_PAYLOAD,
        secrets_in_force=[VECTOR_SECRET],
    )
    assert headers == {
        "webhook-id": VECTOR_ID,
        "webhook-timestamp": str(VECTOR_TIMESTAMP),
        "webhook-signature": VECTOR_SIGNATURE,
    }


def test_during_a_rotation_both_signatures_are_sent_and_either_secret_verifies():
    old, new = secret_generate(), secret_generate()
    body = message_body(event_type="expert.updated", occurred_at=datetime.now(UTC), data={})
    headers = signed_headers(
        msg_id="msg_1", timestamp=datetime.now(UTC), body=body, secrets_in_force=[new, old]
    )
    first, second = headers["webhook-signature"].split(" ")
    assert first.startswith("v1,") and second.startswith("v1,")
    assert Webhook(new).verify(body, headers) == json.loads(body)
    assert Webhook(old).verify(body, headers) == json.loads(body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret_generate()).verify(body, headers)


def test_a_changed_body_or_an_old_timestamp_does_not_verify():
    secret = secret_generate()
    body = '{"a":1}'
    headers = signed_headers(
        msg_id="msg_1", timestamp=datetime.now(UTC), body=body, secrets_in_force=[secret]
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify('{"a":2}', headers)
    stale = signed_headers(
        msg_id="msg_1",
        timestamp=datetime.now(UTC) - timedelta(minutes=6),
        body=body,
        secrets_in_force=[secret],
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, stale)


def test_secrets_and_ids():
    secret = secret_generate()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32  # spec: at least 24
    assert secret != secret_generate()
    ids = {message_id_generate() for _ in range(100)}
    assert len(ids) == 100 and all(i.startswith("msg_") and "." not in i for i in ids)


def test_the_body_is_the_thin_payload_minified():
    at = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)
    body = message_body(event_type="expert.updated", occurred_at=at, data={"expert_id": 7})
    assert body == (
        '{"data":{"expert_id":7},"timestamp":"2026-03-02T09:30:15.123456Z","type":"expert.updated"}'
    )


def test_the_example_request_of_the_documentation_is_signed_correctly():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "integrations.md").read_text()
    lines = text.splitlines()
    header = dict(
        line.split(": ", 1) for line in lines if line.startswith(("webhook-id:", "webhook-time"))
    )
    signature = next(x for x in lines if x.startswith("webhook-signature: ")).split(": ", 1)[1]
    body = next(x for x in lines if x.startswith('{"data":{"actor_id":12'))
    made = signed_headers(
        msg_id=header["webhook-id"],
        timestamp=datetime.fromtimestamp(int(header["webhook-timestamp"]), tz=UTC),
        body=body,
        secrets_in_force=[VECTOR_SECRET],
    )
    assert made["webhook-signature"] == signature
