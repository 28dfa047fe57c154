"""The expert's segment and recent field visits on the expert profile (experts.profile,
hooks.PROFILE_SECTION); staff only, never in the KOL's cabinet."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experts.profile import ProfileRow, ProfileSection
from field.models import ExpertSegment, Visit

RECENT = 5


def visits_section(*, expert, user) -> ProfileSection | None:
    if not user.is_authenticated or user.is_kol:
        return None
    segment = ExpertSegment.objects.filter(expert=expert).select_related("cell").first()
    visits = Visit.objects.filter(doctors=expert, status=Visit.Status.SUBMITTED)
    count = visits.count()
    rows = [
        ProfileRow(
            f"{v.submitted_at:%d.%m.%Y} · {v.institution.name} · {v.get_visit_type_display()}",
            status=v.get_geo_status_display(),
        )
        for v in visits.select_related("institution").order_by("-submitted_at")[:RECENT]
    ]
    summary = ngettext("%(n)s visit", "%(n)s visits", count) % {"n": count}
    if segment is not None:
        summary = _("Segment %(cell)s · %(visits)s") % {"cell": segment.cell, "visits": summary}
    return ProfileSection(
        key="field_visits",
        label=_("Field visits"),
        rows=rows,
        summary=summary,
        empty_text=_("No visits reported yet."),
    )
