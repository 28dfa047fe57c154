from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _drop_views(sender, using="default", **kwargs):
    # Migration signal handler: the SQL of the views is read when migrations run.
    from analytics.sql import drop_views_sql

    with connections[using].cursor() as cursor:
        for sql in drop_views_sql():
            cursor.execute(sql)


def _create_views(sender, using="default", **kwargs):
    """Re-create the BI views once the analytics tables exist (after any app's migrations)."""
    # Migration signal handler: the SQL of the views is read when migrations run.
    from analytics.sql import create_views_sql, drop_views_sql

    connection = connections[using]
    if "analytics_eventfact" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in drop_views_sql() + create_views_sql():
            cursor.execute(sql)


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        # Schema plumbing, not business logic: views must not pin other apps' tables during
        # their migrations (see migrations/0002).
        pre_migrate.connect(_drop_views, sender=self, dispatch_uid="analytics_drop_views")
        post_migrate.connect(_create_views, sender=self, dispatch_uid="analytics_create_views")
        _contribute_nav_items()


def _contribute_nav_items():
    # Called from AppConfig.ready(): the app registry is loaded only then.
    from kolplatform.core.navigation import STAFF, NavItem, contribute_nav_items

    contribute_nav_items(
        [
            (
                110,
                NavItem(
                    _("Analytics"),
                    "analytics:dashboard",
                    STAFF,
                    "bar-chart",
                    _("Plan versus fact, dashboards and exports"),
                ),
            )
        ]
    )
