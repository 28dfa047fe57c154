from datetime import datetime, timedelta

import pytest

from contracts import otp

NOW = datetime(2026, 5, 1, 12, 0, 0)


def test_codes_have_six_digits():
    codes = {otp.generate_code() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 1


def test_hash_is_bound_to_scope_and_never_the_code():
    h = otp.hash_code(code="123456", scope="1")
    assert "123456" not in h
    assert otp.code_matches(code="123456", scope="1", code_hash=h)
    assert not otp.code_matches(code="123456", scope="2", code_hash=h)
    assert not otp.code_matches(code="123457", scope="1", code_hash=h)


@pytest.mark.parametrize(
    ("sent_seconds_ago", "wait"),
    [
        ([], 0),
        ([10], 20),  # first resend after 30 s
        ([40], 0),
        ([100, 10], 50),  # second resend after 60 s
        ([300, 200, 10], 110),  # third after 120 s
        ([4000], 0),  # outside the one-hour window
        ([10 + 60 * i for i in range(10)], 890),  # capped at 15 minutes
    ],
)
def test_resend_backoff_doubles(sent_seconds_ago, wait):
    times = [NOW - timedelta(seconds=s) for s in sent_seconds_ago]
    assert otp.resend_wait_seconds(sent_times=times, now=NOW) == max(0, wait)
