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
    icon: str = ""  # a bootstrap-icons name
    description: str = ""  # shown on the tiles of the home page
    more: bool = False  # under "More" in the navbar (still a tile on the home page)


NAV_ITEMS = [
    NavItem(_("Home"), "home", STAFF, "house"),
    NavItem(_("Experts"), "experts:list", STAFF, "people", _("Expert base, grading and targeting")),
    NavItem(
        _("Contracts"),
        "contracts:list",
        STAFF,
        "file-earmark-text",
        _("Contracts, service orders, acts and signatures"),
    ),
    NavItem(
        _("Events"),
        "events:list",
        STAFF,
        "calendar-event",
        _("Events, speakers, budgets and closing"),
    ),
    NavItem(
        _("Feedback"),
        "feedback:overview",
        STAFF,
        "chat-square-heart",
        _("QR surveys after events and speaker ratings"),
        more=True,
    ),
    NavItem(_("My tasks"), "events:my_tasks", STAFF, "check2-square", _("What is waiting for you")),
    NavItem(
        _("Approvals"),
        "core:approvals_inbox",
        STAFF,
        "clipboard-check",
        _("Steps assigned to you or your role"),
    ),
    NavItem(
        _("Payouts"),
        "payments:list",
        (Role.FINANCE, Role.ADMIN, Role.MARKETING_MANAGER),
        "cash-coin",
        _("Payouts, checks, taxes and registries"),
    ),
    NavItem(
        _("Compliance"),
        "events:compliance_calendar",
        (Role.COMPLIANCE, Role.LEGAL, Role.ADMIN),
        "shield-check",
        _("Regulatory notifications and closing evidence"),
    ),
    NavItem(
        _("Transparency"),
        "payments:transparency",
        (Role.COMPLIANCE, Role.FINANCE, Role.ADMIN),
        "eye",
        _("Transfers of value to experts per year"),
        more=True,
    ),
    NavItem(
        _("Analytics"),
        "analytics:dashboard",
        STAFF,
        "bar-chart",
        _("Plan versus fact, dashboards and exports"),
    ),
    NavItem(
        _("Audit log"),
        "core:audit_log",
        (Role.COMPLIANCE, Role.ADMIN),
        "journal-text",
        _("Who changed what and when"),
        more=True,
    ),
    NavItem(
        _("Reference data"),
        "reference_data",
        STAFF,
        "list-ul",
        _("Regions, products, therapeutic areas, cost centers"),
        more=True,
    ),
    NavItem(_("My cabinet"), "contracts:cabinet_home", (Role.KOL,), "person-badge"),
    NavItem(
        _("Documents"),
        "contracts:cabinet_documents",
        (Role.KOL,),
        "file-earmark-check",
        _("Contracts and acts to sign"),
    ),
    NavItem(
        _("My events"),
        "events:cabinet_events",
        (Role.KOL,),
        "calendar-check",
        _("Events you speak at"),
    ),
    NavItem(
        _("My payouts"),
        "payments:cabinet_payouts",
        (Role.KOL,),
        "wallet2",
        _("Fees and their payment status"),
    ),
    NavItem(
        _("Profile"),
        "experts:cabinet_profile",
        (Role.KOL,),
        "person-vcard",
        _("Your details and consents"),
    ),
]


def nav_for_user(user, current_path: str = "") -> list[dict]:
    """The menu entries `user` may see, each {label, url, icon, description, active}."""
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
        items.append(
            {
                "label": item.label,
                "url": url,
                "url_name": item.url_name,
                "icon": item.icon,
                "description": item.description,
                "more": item.more,
                "active": False,
            }
        )
    # The active entry is the longest URL the current path starts with ("/events/my-tasks/"
    # wins over "/events/"); "/" is active on the home page only.
    matches = [i for i in items if current_path == i["url"] or current_path.startswith(i["url"])]
    matches = [i for i in matches if i["url"] != "/" or current_path == "/"]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
