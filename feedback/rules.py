"""Permissions of feedback (django-rules).

- Survey templates: admins and marketing managers.
- An event's survey and analysis: staff who may view the event see the analysis; staff who may
  change the event create and edit its survey. Event visibility is the events module's rule
  ("events.view_event" / "events.change_event"); until it is registered, the fallback is: the
  event's owner and team, marketing managers, compliance and admins.
- Feedback across events: marketing managers, compliance and admins.
- KOLs see none of it; the public form needs no login (it is reached by the survey token only).
"""

import rules

from kolplatform.core.roles import Role
from kolplatform.core.rules import has_role, is_marketing_manager, is_staff_member

sees_all_events = has_role(Role.MARKETING_MANAGER, Role.COMPLIANCE, Role.ADMIN)
changes_all_events = has_role(Role.MARKETING_MANAGER, Role.ADMIN)


@rules.predicate
def is_event_owner_or_team(user, event) -> bool:
    if event is None:
        return False
    return event.owner_id == user.pk or event.team.filter(pk=user.pk).exists()


def _event_perm(name: str, fallback):
    @rules.predicate(name=f"feedback_{name}")
    def predicate(user, event) -> bool:
        if rules.perm_exists(f"events.{name}"):
            return user.has_perm(f"events.{name}", event)
        return fallback(user, event)

    return predicate


may_view_event = _event_perm("view_event", sees_all_events | is_event_owner_or_team)
may_change_event = _event_perm("change_event", changes_all_events | is_event_owner_or_team)

rules.add_perm("feedback.manage_templates", is_marketing_manager)
rules.add_perm("feedback.view_analysis", is_staff_member & may_view_event)
rules.add_perm("feedback.manage_survey", is_staff_member & may_change_event)
rules.add_perm("feedback.view_overview", sees_all_events)
