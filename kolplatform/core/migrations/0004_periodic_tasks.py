"""Beat schedules in the database: the outbox sweeper every minute, SLA reminders daily at 09:00."""

import json

from django.db import migrations

SWEEPER = "kolplatform.core.tasks.notification_sweep_unsent"
REMINDERS = "kolplatform.core.tasks.approval_sla_reminders"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    nine_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="9",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Moscow",
    )
    PeriodicTask.objects.update_or_create(
        name="Notifications: re-send unsent e-mails",
        defaults={
            "task": SWEEPER,
            "interval": every_minute,
            "crontab": None,
            "args": json.dumps([]),
            "queue": "notifications",
            "enabled": True,
        },
    )
    PeriodicTask.objects.update_or_create(
        name="Approvals: remind deciders of overdue steps",
        defaults={
            "task": REMINDERS,
            "interval": None,
            "crontab": nine_am,
            "args": json.dumps([]),
            "queue": "default",
            "enabled": True,
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[SWEEPER, REMINDERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_log_append_only"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
