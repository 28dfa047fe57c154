"""Object permissions of the Widget, in the form every module writes them (see architecture.md)."""

import rules

from kolplatform.core.rules import is_staff_member


@rules.predicate
def is_widget_owner(user, widget) -> bool:
    return widget is not None and widget.owner_id == user.pk


rules.add_perm("testapp.view_widget", is_widget_owner | is_staff_member)
