"""When a webhook delivery is tried again (Standard Webhooks v1, "Deliverability and reliability").

The specification's schedule: immediately, then 5 seconds, 5 minutes, 30 minutes, 2, 5, 10, 14, 20
and 24 hours after the previous attempt; ten attempts over about three days. Each delay after the
first is spread by a random jitter of up to ±JITTER of itself, so that receivers that failed
together are not retried together. A `Retry-After` answer (RFC 9110 §10.2.3: delay in seconds or
an HTTP-date) asks for a later retry, never an earlier one, and never more than MAX_DELAY away.
A delivery that fails its last attempt gives up; an endpoint failing without a success for
`disable_after` is disabled (its owner is told).
"""

import email.utils
import enum
from datetime import datetime, timedelta

# Delay before attempt n+1 (index n), in seconds.
SCHEDULE: tuple[int, ...] = (
    0,
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
)
MAX_ATTEMPTS = len(SCHEDULE)
JITTER = 0.1
MAX_DELAY = 24 * 3600.0


class Outcome(enum.Enum):
    SUCCESS = "success"  # 2xx
    GONE = "gone"  # 410: the receiver wants no more; the endpoint is disabled
    RETRY = "retry"  # anything else, including 3xx (redirects are not followed) and no answer


def outcome_of(status_code: int | None) -> Outcome:
    """2xx succeeds, 410 Gone disables the endpoint, every other answer (or none) is a failure."""
    if status_code is not None and 200 <= status_code <= 299:
        return Outcome.SUCCESS
    if status_code == 410:
        return Outcome.GONE
    return Outcome.RETRY


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds asked for by a `Retry-After` header (delay-seconds or HTTP-date), or None when
    absent or unreadable. A date in the past asks for no delay (0)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def next_delay(
    attempts_made: int, *, rand: float, retry_after: float | None = None
) -> float | None:
    """Seconds to wait after `attempts_made` failed attempts, or None to give up.

    `rand` is a uniform draw in [0, 1) (the caller's random source; the rule stays pure):
    the scheduled delay d becomes d * (1 + JITTER * (2 * rand - 1)). `retry_after` (seconds)
    raises the delay to what the receiver asked for, capped at MAX_DELAY.
    """
    if attempts_made < 1:
        raise ValueError("attempts_made counts the attempts already made (at least 1)")
    if attempts_made >= MAX_ATTEMPTS:
        return None
    scheduled = SCHEDULE[attempts_made]
    delay = scheduled * (1 + JITTER * (2 * rand - 1))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_DELAY))
    return delay


def should_disable(failing_since: datetime | None, *, now: datetime, after: timedelta) -> bool:
    """An endpoint that has failed without a single success since `failing_since` for at least
    `after` (WEBHOOKS_DISABLE_AFTER_DAYS) is disabled."""
    return failing_since is not None and now - failing_since >= after
