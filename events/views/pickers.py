"""Search endpoints of the expert pickers (htmx): a few matches by name, as <option>s."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from events.selectors import (
    event_get_for_user,
    expert_matches,
    participant_candidates,
    speaker_candidates,
)

CANDIDATES = {"speaker": speaker_candidates, "participant": participant_candidates}


def _query(request) -> str:
    """The search text: `q`, or the picker's own `<field>_q` box."""
    for key, value in request.GET.items():
        if key == "q" or key.endswith("_q"):
            return value.strip()
    return ""


@login_required
def expert_search(request, pk, role):
    """Options for the speaker or participant picker of an event the user may edit."""
    if role not in CANDIDATES:
        raise Http404
    event = event_get_for_user(user=request.user, pk=pk, perm="events.change_event")
    query = _query(request)
    experts, more = expert_matches(candidates=CANDIDATES[role](event=event), query=query)
    return render(
        request,
        "events/_expert_options.html",
        {"experts": experts, "more": more, "too_short": len(query) < 2},
    )
