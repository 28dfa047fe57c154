"""Role predicates (django-rules). Object-level checks live in each app's rules.py."""

import rules

from kolplatform.core.roles import Role


def has_role(*roles: str):
    """Predicate: the user belongs to any of `roles` (superusers pass for staff roles)."""

    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(*roles))

    return predicate


is_kol = has_role(Role.KOL)
is_staff_member = rules.predicate(
    lambda user: bool(user and user.is_authenticated and user.is_staff_member)
)
is_field_staff = has_role(Role.FIELD_STAFF, Role.MARKETING_MANAGER, Role.ADMIN)
is_marketing_manager = has_role(Role.MARKETING_MANAGER, Role.ADMIN)
is_approver = has_role(Role.APPROVER, Role.LEGAL, Role.COMPLIANCE, Role.FINANCE, Role.ADMIN)
is_legal = has_role(Role.LEGAL, Role.ADMIN)
is_compliance = has_role(Role.COMPLIANCE, Role.ADMIN)
is_finance = has_role(Role.FINANCE, Role.ADMIN)
is_admin = has_role(Role.ADMIN)

rules.add_perm("core.view_audit_log", is_compliance)
rules.add_perm("core.view_staff_pages", is_staff_member)
