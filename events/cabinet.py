"""The "My events" card on the KOL cabinet's home (kolplatform.core.cabinet)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Event
from kolplatform.core.cabinet import CabinetCard, CabinetLine

SHOWN = 3


def upcoming_events_card(*, expert) -> CabinetCard:
    """The expert's next events (as speaker or participant), soonest first: two queries."""
    events = (
        Event.objects.filter(
            Q(program_items__speaker=expert) | Q(participants__expert=expert),
            ends_at__gte=timezone.now(),
        )
        .exclude(status=Event.Status.CANCELLED)
        .distinct()
        .order_by("starts_at", "pk")
    )
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
