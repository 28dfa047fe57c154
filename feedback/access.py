"""Who may answer a public survey, and how often (issue 19, item 7).

Rules:
- An open survey takes one response per device: the device is a random id in a signed cookie
  (`feedback.public_views`). A survey for checked-in participants only takes one response per
  participant, who proves attendance with the personal link (their badge token) or the short code
  printed on the badge; the response is keyed by a one-way digest of survey and participant, so
  the stored response does not name the participant.
- Sending is limited per device and survey (a device cannot hammer one survey), per device-less
  client address, and by a generous ceiling per client address against floods: a whole lecture
  hall shares one Wi-Fi address, so the address alone must never stop 200 people answering.
"""

from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.crypto import salted_hmac
from django_ratelimit.core import is_ratelimited

from events.models import Participant

_DIGEST_SALT = "feedback.participant-response"


def normalise_code(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isalnum()).lower()


def checked_in_participant(*, survey, badge_token=None, code: str = "") -> Participant | None:
    """The checked-in participant of the survey's event with this badge token or badge code."""
    participants = Participant.objects.filter(event_id=survey.event_id, checked_in_at__isnull=False)
    if badge_token is not None:
        return participants.filter(badge_token=badge_token).first()
    code = normalise_code(code)
    if len(code) != Participant.BADGE_CODE_LENGTH or any(c not in "0123456789abcdef" for c in code):
        return None
    matches = list(
        participants.annotate(token_text=Cast("badge_token", CharField()))
        .filter(token_text__startswith=code)
        .order_by("pk")[:2]
    )
    return matches[0] if len(matches) == 1 else None  # an ambiguous code proves nothing


def participant_response_key(*, survey, participant) -> str:
    """The response key of a participant: one response per participant, not naming them."""
    digest = salted_hmac(_DIGEST_SALT, f"{survey.pk}:{participant.pk}", algorithm="sha256")
    return "p:" + digest.hexdigest()[:48]


def submission_limited(request, *, survey, device_id: str | None) -> bool:
    """Whether this POST is over a limit (every counter is incremented, so each limit holds
    whatever the others say). `device_id` is None when the request brought no device cookie."""
    checks = [("feedback.submit.ip", "ip", settings.FEEDBACK_SUBMIT_IP_RATE)]
    if device_id:
        key = f"{survey.pk}:{device_id}"
        checks.append(
            ("feedback.submit.device", lambda group, req: key, settings.FEEDBACK_SUBMIT_DEVICE_RATE)
        )
    else:
        checks.append(("feedback.submit.no_device", "ip", settings.FEEDBACK_SUBMIT_NO_DEVICE_RATE))
    results = [
        is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
        for group, key, rate in checks
    ]
    return any(results)
