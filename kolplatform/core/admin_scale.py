"""Changelists of the big tables (experts, events, budget lines, payouts, the audit log...).

Django's changelist counts every row twice (the filtered and the full count) and numbers its
pages from the count. On 500,000 rows each COUNT(*) costs more than the page: the full count is
switched off (`show_full_result_count`), and an unfiltered list takes its count from the
planner's statistics (pg_class.reltuples, kept by autovacuum) instead of counting.
"""

from functools import cached_property

from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.db import connections
from django.utils.html import format_html
from django.utils.translation import gettext as _

ESTIMATE_FROM = 10_000


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] >= ESTIMATE_FROM:
                return row[0]
        return super().count


class BigTableAdminMixin:
    """Put first in the bases of the ModelAdmin of a table that grows without bound; give it
    list_select_related for every relation in list_display and raw_id_fields or
    autocomplete_fields for every foreign key (no select of all rows on the change form)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Rendering a row costs more than reading it: 50 a page, not Django's 100.
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        # The sidebar listing every model of the admin is 50 KB of HTML over the list: off here
        # (the admin's index lists the models).
        context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    def action_checkbox(self, obj):
        """Django's row checkbox written directly, not rendered through a widget template for
        each row (a third of the changelist's time)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
