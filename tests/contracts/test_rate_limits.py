"""Rate limits of the contracts module: the public verification page (per client IP, over the
limit the form comes back with a 429) and the one-time-code request (the 429 page); the code's
evidence records the trusted client IP."""

import pytest
from django.urls import reverse

from contracts.models import OtpChallenge
from tests.factories.contracts import awaiting_document, ready_kol

pytestmark = pytest.mark.usefixtures("empty_cache")
PROXY = "10.0.0.2"


def check(client, **meta):
    return client.post(reverse("verify"), {"sha256": "a" * 64}, **meta)


def test_verify_page_over_the_limit_answers_429_and_keeps_the_input(settings, client, db):
    settings.RATELIMIT_VERIFY = "2/h"
    assert check(client).status_code == 200
    assert check(client).status_code == 200

    response = check(client)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many checks from your network" in body
    assert "a" * 64 in body


def test_verify_limit_counts_per_forwarded_client(settings, client, db):
    settings.RATELIMIT_VERIFY = "2/h"
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for _ in range(2):
        assert check(client, **first).status_code == 200
    assert check(client, **first).status_code == 429

    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert check(client, **second).status_code == 200


def test_code_requests_over_the_limit_get_the_429_page(client, kol):
    document = awaiting_document(contract__expert=kol.expert)
    client.force_login(kol)
    url = reverse("contracts:otp_request", args=[document.pk])
    for _ in range(10):
        assert client.post(url).status_code == 302

    response = client.post(url)
    assert response.status_code == 429
    assert 'data-testid="error-429"' in response.content.decode()


def test_the_code_request_records_the_forwarded_client_ip(settings, client, kol, marketing_manager):
    settings.TRUSTED_PROXY_COUNT = 1
    ready_kol(kol, actor=marketing_manager)
    document = awaiting_document(contract__expert=kol.expert, contract__owner=marketing_manager)
    client.force_login(kol)

    client.post(
        reverse("contracts:otp_request", args=[document.pk]),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5",
    )
    assert OtpChallenge.objects.get(document=document).ip_address == "203.0.113.5"
