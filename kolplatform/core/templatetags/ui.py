"""Small template helpers of the base layout: `{% load ui %}`."""

from django import template

from kolplatform.core.money import format_money
from kolplatform.core.roles import Role

register = template.Library()


@register.filter
def role_labels(user) -> str:
    """The translated names of the user's roles, e.g. "Legal, Approver"."""
    names = getattr(user, "role_names", ())
    return ", ".join(str(role.label) for role in Role if role.value in names)


@register.filter
def elided_pages(page):
    """Page numbers around the current page with ellipses: 1 … 4 5 6 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@register.filter
def nav_more(items) -> list:
    """The navigation entries that go under "More" in the navbar."""
    return [item for item in items if item.get("more")]


@register.filter
def money(value) -> str:
    """An amount in the active language's format: «50 000,00» / "50,000.00"."""
    return format_money(value)
