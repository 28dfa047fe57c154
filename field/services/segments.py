"""Setting an expert's segment (field.segments: at most once every 6 months, unless an
administrator overrides with a reason)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from field.errors import FieldError
from field.models import ExpertSegment, SegmentCell
from field.segments import change_allowed, next_change_allowed
from kolplatform.core.audit import audit_log
from kolplatform.core.roles import Role


def segment_current(expert) -> ExpertSegment | None:
    return expert.segments.select_related("cell").first()


@transaction.atomic
def segment_assign(
    *, expert, cell: SegmentCell, actor, today: date, override_reason: str = ""
) -> ExpertSegment:
    """Give `expert` the segment `cell` from `today`. Within 6 months of the last change only an
    administrator may, with a reason; the change (and an override) is audited."""
    current = segment_current(expert)
    if current is not None and current.cell_id == cell.pk:
        return current
    override = bool(override_reason.strip())
    if override and not actor.has_role(Role.ADMIN):
        raise FieldError(_("Only an administrator may override the 6-month rule."))
    last = current.assigned_on if current else None
    if not change_allowed(last_change=last, today=today, override=override):
        raise FieldError(
            _("The segment was changed on %(last)s; the next change is allowed from %(next)s.")
            % {"last": f"{last:%d.%m.%Y}", "next": f"{next_change_allowed(last):%d.%m.%Y}"}
        )
    segment = ExpertSegment.objects.create(
        expert=expert,
        cell=cell,
        assigned_on=today,
        assigned_by=actor,
        override_reason=override_reason.strip() if override else "",
    )
    audit_log(
        actor=actor,
        action="field.segment_override" if override else "field.segment_set",
        obj=expert,
        from_state=str(current.cell) if current else "",
        to_state=str(cell),
        comment=segment.override_reason,
    )
    return segment
