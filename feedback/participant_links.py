"""The survey link on a participant's badge page (hooks.PARTICIPANT_LINK, issue 19 item 7)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Survey
from kolplatform.core.hooks import ParticipantLink


def survey_link(*, participant) -> ParticipantLink | None:
    """After check-in, while the event's survey is open: its link, personal (with the badge
    token) when the survey is for checked-in participants only."""
    if participant.checked_in_at is None:
        return None
    survey = Survey.objects.filter(event_id=participant.event_id).first()
    if survey is None or not survey.is_open_at(timezone.now()):
        return None
    if survey.for_checked_in_only:
        path = reverse("feedback:personal", args=[survey.token, participant.badge_token])
    else:
        path = reverse("feedback:form", args=[survey.token])
    return ParticipantLink(label=_("Rate the event"), url=path, testid="survey-link")
