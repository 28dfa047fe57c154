"""Permissions of field work (django-rules).

- A visit: its representative works on it (check-in, check-out, report: field.selectors.
  visit_get_for_rep, the rep only); the representative's manager and administrators see it and
  review it. Nobody else, KOLs never.
- A cycle plan: its representative sees it and edits the targets before the lock; the manager
  locks it and decides goal changes; administrators as the manager.
- A representative (FieldRep): their manager and administrators set the targets.
"""

import rules

from kolplatform.core.roles import Role
from kolplatform.core.rules import has_role

is_admin = has_role(Role.ADMIN)


@rules.predicate
def is_own(user, obj) -> bool:
    return obj is not None and obj.rep_id == user.pk


@rules.predicate
def manages_rep(user, obj) -> bool:
    if obj is None:
        return False
    rep = getattr(obj.rep, "field_rep", None)
    return rep is not None and rep.manager_id == user.pk


@rules.predicate
def is_their_manager(user, obj) -> bool:
    return obj is not None and obj.manager_id == user.pk


rules.add_perm("field.view_visit", is_own | manages_rep | is_admin)
rules.add_perm("field.review_visit", manages_rep | is_admin)
rules.add_perm("field.view_cycleplan", is_own | manages_rep | is_admin)
rules.add_perm("field.edit_cycleplan", is_own | manages_rep | is_admin)
rules.add_perm("field.lock_cycleplan", manages_rep | is_admin)
rules.add_perm("field.manage_fieldrep", is_their_manager | is_admin)
