"""The BI views (analytics/sql.py) and the beat schedule of the facts refresh.

The views themselves are dropped before and created after every `migrate` (analytics/apps.py), and
not by this migration, so that other apps' migrations — including ones that run after this one in
the same `migrate` — can alter the tables the views read (SQLite rebuilds tables; PostgreSQL
refuses to change a column type used by a view)."""

from django.db import migrations

from analytics.sql import drop_views_sql

TASK_NAME = "analytics: refresh event facts"


def schedule_refresh(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"interval": every, "task": "analytics.tasks.refresh_event_facts"},
    )


def unschedule_refresh(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_plans_kpi_sales_facts"),
        ("contracts", "0002_initial"),
        ("events", "0001_initial"),
        ("feedback", "0001_initial"),
        ("payments", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunSQL(sql=migrations.RunSQL.noop, reverse_sql=drop_views_sql()),
        migrations.RunPython(schedule_refresh, unschedule_refresh),
    ]
