"""One-time signing codes (DESIGN.md §5, simple e-signature): the rules in one place.

* A code has 6 digits, lives 10 minutes and allows 5 attempts; it is bound to one document, one
  user and one role, and can be used once.
* Only a keyed hash (HMAC-SHA256 with the project secret, salted by the challenge scope) is stored.
* After a code, a new one may be requested only after a back-off that doubles with each code sent
  in the last hour: 30 s, 60 s, 120 s, ... capped at 15 minutes.
"""

import datetime
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

CODE_DIGITS = 6
LIFETIME = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 15 * 60
BACKOFF_WINDOW = datetime.timedelta(hours=1)


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(*, code: str, scope: str) -> str:
    return salted_hmac(f"contracts.otp:{scope}", code.strip(), algorithm="sha256").hexdigest()


def code_matches(*, code: str, scope: str, code_hash: str) -> bool:
    return constant_time_compare(hash_code(code=code, scope=scope), code_hash)


def resend_wait_seconds(*, sent_times: list[datetime.datetime], now: datetime.datetime) -> int:
    """Seconds to wait before another code may be sent, given the times codes were sent."""
    recent = sorted(t for t in sent_times if now - t < BACKOFF_WINDOW)
    if not recent:
        return 0
    wait = min(BACKOFF_BASE_SECONDS * 2 ** (len(recent) - 1), BACKOFF_CAP_SECONDS)
    remaining = wait - (now - recent[-1]).total_seconds()
    return max(0, int(remaining + 0.999))
