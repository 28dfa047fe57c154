from decimal import Decimal

from django import template
from django.utils import formats

from kolplatform.core.money import format_money

register = template.Library()

BADGES = {
    "pending_checks": "text-bg-secondary",
    "blocked": "text-bg-danger",
    "ready": "text-bg-info",
    "approved": "text-bg-primary",
    "in_registry": "text-bg-warning",
    "paid": "text-bg-success",
    "failed": "text-bg-danger",
    "cancelled": "text-bg-light border",
    "passed": "text-bg-success",
    "warning": "text-bg-warning",
}


@register.filter
def badge(status: str) -> str:
    return BADGES.get(status, "text-bg-secondary")


@register.filter
def rub(value) -> str:
    """1234567.5 -> «1 234 567,50» in Russian, "1,234,567.50" in English."""
    return format_money(value)


@register.filter
def percent(rate) -> str:
    """0.13 -> «13 %»; 0.065 -> «6,5 %» in Russian, "6.5 %" in English."""
    value = (Decimal(rate) * 100).normalize()
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return f"{format(value, 'f').replace('.', separator)}\u00a0%"
