"""How the analytics pages print a figure, as one filter: `{{ value|figure:"money" }}`.

A filter, not an included template: the dashboard prints about a thousand figures, and an
include per figure cost more than computing them."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

register = template.Library()

# bandit B308 B703: a constant, no user data.
DASH = mark_safe('<span class="text-secondary">—</span>')  # nosec B308 B703
FORMATS = {"money": "2g", "int": "0g", "plan": "-1g", "decimal": "-2g"}


@register.filter
def figure(value, kind="text"):
    """money: 1 234,50 · int: 1 235 · plan/decimal: up to 1/2 decimals · percent: 12.5% ·
    date: dd.mm.yyyy · None: a grey dash."""
    if value is None:
        return DASH
    if kind in FORMATS:
        return floatformat(value, FORMATS[kind])
    if kind == "percent":
        return f"{floatformat(value, '1')}%"
    if kind == "date":
        return date_filter(value, "d.m.Y")
    return value
