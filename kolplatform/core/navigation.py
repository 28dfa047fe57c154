"""The main navigation by role. Entries whose URL is not (yet) defined are left out.

Each module contributes its entries (hooks.NAV_ITEM) in its AppConfig.ready(); the order numbers
place them in the menu (core: 10 home, 70 approvals, 120 audit log, 130 reference data)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from kolplatform.core import hooks
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


def core_nav_items() -> list[tuple[int, NavItem]]:
    """The platform's own entries, (order, item); the modules contribute theirs to
    hooks.NAV_ITEM from their AppConfig.ready() with the order of their place in the menu."""
    return [
        (10, NavItem(_("Home"), "home", STAFF, "house")),
        (
            70,
            NavItem(
                _("Approvals"),
                "core:approvals_inbox",
                STAFF,
                "clipboard-check",
                _("Steps assigned to you or your role"),
            ),
        ),
        (
            120,
            NavItem(
                _("Audit log"),
                "core:audit_log",
                (Role.COMPLIANCE, Role.ADMIN),
                "journal-text",
                _("Who changed what and when"),
                more=True,
            ),
        ),
        (
            130,
            NavItem(
                _("Reference data"),
                "reference_data",
                STAFF,
                "list-ul",
                _("Regions, products, therapeutic areas, cost centers"),
                more=True,
            ),
        ),
    ]


def contribute_nav_items(items: list[tuple[int, NavItem]]) -> None:
    """Contribute (order, item) pairs to hooks.NAV_ITEM (from an AppConfig.ready())."""
    for order, item in items:
        hooks.contribute(hooks.NAV_ITEM, item.url_name, item, order=order)


def nav_for_user(user, current_path: str = "") -> list[dict]:
    """The menu entries `user` may see, each {label, url, icon, description, active}."""
    if not user.is_authenticated:
        return []
    items = []
    for item in hooks.contributions(hooks.NAV_ITEM):
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
