"""The "My events" card on the KOL cabinet's home (kolplatform.core.cabinet)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.selectors import expert_events
from kolplatform.core.cabinet import CabinetCard, CabinetLine

SHOWN = 3


def upcoming_events_card(*, expert) -> CabinetCard:
    """The expert's next events (as speaker or participant), soonest first: three queries
    (events.selectors.expert_events)."""
    events = expert_events(expert=expert).filter(ends_at__gte=timezone.now())
    events = events.order_by("starts_at", "pk")
    upcoming = list(events.only("pk", "title", "starts_at", "city", "status")[:SHOWN])
    total = events.count()
    url = reverse("events:cabinet_events")
    lines = [
        CabinetLine(
            label=event.title,
            detail=" · ".join(
                part
                for part in (
                    date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT"),
                    event.city,
                )
                if part
            ),
            url=url,
        )
        for event in upcoming
    ]
    return CabinetCard(
        title=_("Upcoming events"),
        url=url,
        link_label=_("All my events"),
        lines=lines,
        empty_text=_("No upcoming events."),
        summary=ngettext("%(count)d upcoming", "%(count)d upcoming", total) % {"count": total}
        if total
        else "",
    )
