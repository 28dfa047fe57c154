"""When a visit may be reported (issue 18 §4): back-dating and time on site.

A report (or an offline check-in delivered later) keeps the times the phone recorded; the
server accepts them when they are not in the future (a minute of clock skew aside) and not older
than the back-dating limit in days. A visit scores only with a minimum time on site."""

from datetime import datetime, timedelta

CLOCK_SKEW = timedelta(minutes=5)


def backdating_refusal(*, at: datetime, now: datetime, limit_days: int) -> str | None:
    """Why a time `at` reported at `now` is refused ('future' / 'too_old'), or None."""
    if at > now + CLOCK_SKEW:
        return "future"
    if at < now - timedelta(days=limit_days):
        return "too_old"
    return None


def minutes_on_site(check_in: datetime | None, check_out: datetime | None) -> int | None:
    """Whole minutes between check-in and check-out; None when either is missing or out of
    order."""
    if check_in is None or check_out is None or check_out < check_in:
        return None
    return int((check_out - check_in).total_seconds() // 60)
