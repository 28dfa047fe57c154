"""The retry rule of webhooks/retry_schedule.py (Standard Webhooks v1 schedule with jitter)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webhooks.retry_schedule import (
    JITTER,
    MAX_ATTEMPTS,
    MAX_DELAY,
    SCHEDULE,
    Outcome,
    next_delay,
    outcome_of,
    parse_retry_after,
    should_disable,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_the_schedule_is_the_specifications():
    hours, minutes = 3600, 60
    expected = [0, 5, 5 * minutes, 30 * minutes, 2 * hours, 5 * hours, 10 * hours]
    expected += [14 * hours, 20 * hours, 24 * hours]
    assert list(SCHEDULE) == expected
    assert MAX_ATTEMPTS == 10


def test_without_jitter_each_retry_waits_its_scheduled_delay():
    # rand = 0.5 is the middle of the jitter band: no jitter at all.
    assert [next_delay(n, rand=0.5) for n in range(1, 10)] == list(SCHEDULE[1:])


def test_after_the_tenth_failed_attempt_it_gives_up():
    assert next_delay(9, rand=0.5) == 24 * 3600
    assert next_delay(10, rand=0.5) is None
    assert next_delay(11, rand=0.0) is None
    with pytest.raises(ValueError):
        next_delay(0, rand=0.5)


@given(st.integers(1, MAX_ATTEMPTS - 1), st.floats(0, 1, exclude_max=True))
def test_jitter_stays_within_its_band(attempts, rand):
    scheduled = SCHEDULE[attempts]
    delay = next_delay(attempts, rand=rand)
    assert scheduled * (1 - JITTER) <= delay <= scheduled * (1 + JITTER)


@given(
    st.integers(1, MAX_ATTEMPTS - 1),
    st.floats(0, 1, exclude_max=True),
    st.floats(0, 10 * MAX_DELAY, allow_nan=False),
)
def test_retry_after_delays_never_hastens_and_is_capped(attempts, rand, retry_after):
    plain = next_delay(attempts, rand=rand)
    delay = next_delay(attempts, rand=rand, retry_after=retry_after)
    assert delay >= plain
    assert delay <= max(plain, MAX_DELAY)
    if plain < retry_after <= MAX_DELAY:
        assert delay == retry_after


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.SUCCESS),
        (204, Outcome.SUCCESS),
        (299, Outcome.SUCCESS),
        (301, Outcome.RETRY),  # redirects are not followed: a failure
        (404, Outcome.RETRY),
        (410, Outcome.GONE),
        (429, Outcome.RETRY),
        (500, Outcome.RETRY),
        (None, Outcome.RETRY),  # no answer (timeout, connection refused)
    ],
)
def test_outcome_of_a_status(status, outcome):
    assert outcome_of(status) is outcome


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Mon, 02 Mar 2026 12:05:00 GMT", 300.0),
        ("Mon, 02 Mar 2026 11:00:00 GMT", 0.0),  # a date in the past: no delay asked
        ("", None),
        (None, None),
        ("-5", None),
        ("soon", None),
        ("1.5", None),
    ],
)
def test_retry_after_in_seconds_or_as_an_http_date(header, seconds):
    assert parse_retry_after(header, now=NOW) == seconds


def test_an_endpoint_is_disabled_after_failing_for_the_whole_period():
    after = timedelta(days=5)
    assert not should_disable(None, now=NOW, after=after)
    assert not should_disable(NOW - after + timedelta(seconds=1), now=NOW, after=after)
    assert should_disable(NOW - after, now=NOW, after=after)
