"""The main navigation by role. Entries whose URL is not (yet) defined are left out."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kolplatform.core.roles import Role

STAFF = tuple(r for r in Role if r != Role.KOL)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    icon: str = ""


NAV_ITEMS = [
    NavItem(_("Home"), "home", STAFF),
    NavItem(_("Experts"), "experts:list", STAFF),
    NavItem(_("Contracts"), "contracts:list", STAFF),
    NavItem(_("Events"), "events:list", STAFF),
    NavItem(_("My tasks"), "events:my_tasks", STAFF),
    NavItem(_("Approvals"), "core:approvals_inbox", STAFF),
    NavItem(_("Payouts"), "payments:list", (Role.FINANCE, Role.ADMIN, Role.MARKETING_MANAGER)),
    NavItem(
        _("Compliance"), "events:compliance_calendar", (Role.COMPLIANCE, Role.LEGAL, Role.ADMIN)
    ),
    NavItem(_("Analytics"), "analytics:dashboard", STAFF),
    NavItem(_("Audit log"), "core:audit_log", (Role.COMPLIANCE, Role.ADMIN)),
    NavItem(_("My cabinet"), "contracts:cabinet_home", (Role.KOL,)),
    NavItem(_("Documents"), "contracts:cabinet_documents", (Role.KOL,)),
    NavItem(_("My events"), "events:cabinet_events", (Role.KOL,)),
    NavItem(_("My payouts"), "payments:cabinet_payouts", (Role.KOL,)),
    NavItem(_("Profile"), "experts:cabinet_profile", (Role.KOL,)),
]


def nav_for_user(user, current_path: str = "") -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if not user.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        items.append({"label": item.label, "url": url, "active": active})
    return items
