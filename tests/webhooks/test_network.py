"""Requests to addresses inside our networks are refused unless the setting allows them (SSRF);
redirects are not followed; timeouts are bounded. A real HTTP server on 127.0.0.1 answers."""

import socket
import threading
import time

import pytest

from webhooks.network import RefusedURL, post, resolve_checked


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://172.16.3.4/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",  # multicast
        "http://240.0.0.1/hook",  # reserved
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped loopback
        "http://[fe80::1]/hook",
        "http://[fc00::1]/hook",
    ],
)
def test_private_addresses_are_refused(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(RefusedURL):
        resolve_checked(url)


def test_a_public_address_passes(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    assert resolve_checked("https://93.184.215.14/hook") == ["93.184.215.14"]


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "http:///nohost"])
def test_other_schemes_are_refused(url):
    with pytest.raises(RefusedURL):
        resolve_checked(url)


def test_the_local_receiver_is_refused_when_the_setting_is_off(receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(RefusedURL):
        post(receiver.url, body=b"{}", headers={})
    assert receiver.received == []


def test_a_post_reaches_the_receiver_with_its_headers(receiver):
    response = post(receiver.url + "?x=1", body=b'{"a":1}', headers={"webhook-id": "msg_1"})
    assert response.status == 200 and response.body == b"ok"
    (request,) = receiver.received
    assert request.path == "/hook?x=1"
    assert request.body == b'{"a":1}' and request.headers["webhook-id"] == "msg_1"
    assert request.headers["host"] == receiver.url.split("/")[2]


def test_redirects_are_not_followed(receiver):
    receiver.answers = [(302, {"Location": "http://127.0.0.1:1/elsewhere"}, b"")]
    response = post(receiver.url, body=b"{}", headers={})
    assert response.status == 302
    assert len(receiver.received) == 1


def test_a_large_answer_is_read_only_up_to_the_limit(receiver):
    receiver.answers = [(200, {}, b"x" * 200_000)]
    response = post(receiver.url, body=b"{}", headers={})
    assert len(response.body) == 64 * 1024


def test_a_receiver_that_never_answers_times_out(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_READ_TIMEOUT = 0.5
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(Exception, match="(?i)timed out|timeout"):
            post(f"http://127.0.0.1:{listener.getsockname()[1]}/", body=b"{}", headers={})
    finally:
        listener.close()
    assert time.monotonic() - started < 5
