"""Reference data of field work: the segmentation matrix, radii, the points table, the distance
bands and the Russian production calendar (holidays and days off on weekdays, working weekend
days moved by decree). Administrators edit all of it; later years are entered in the admin."""

from datetime import date

from django.db import migrations

CELLS = {"A": (4, 3, 2), "B": (3, 2, 1), "C": (2, 1, 1)}
RADII = {"public": 300, "private": 150}
POINTS = {  # (institution kind, visit type): (base, per further doctor, cap)
    ("public", "consultation"): (2, 1, 6),
    ("public", "demonstration"): (4, 1, 8),
    ("public", "lecture"): (6, 1, 12),
    ("public", "meeting"): (3, 0, 5),
    ("private", "consultation"): (3, 1, 7),
    ("private", "demonstration"): (5, 1, 9),
    ("private", "lecture"): (7, 1, 13),
    ("private", "meeting"): (4, 0, 6),
}
BANDS = {50: 2, 150: 5}
# Decree of the Government of the Russian Federation of 24.09.2025 (2026): Jan 3 -> Jan 9,
# Jan 4 -> Dec 31; holidays falling on a weekend move to the next working day (Labour Code
# art. 112): Mar 8 -> Mar 9, May 9 -> May 11.
DAYS_OFF_2026 = [
    (date(2026, 1, d), "New Year holidays") for d in (1, 2, 5, 6, 7, 8)
] + [
    (date(2026, 1, 9), "Moved from 3 January"),
    (date(2026, 2, 23), "Defender of the Fatherland Day"),
    (date(2026, 3, 9), "Moved from 8 March"),
    (date(2026, 5, 1), "Spring and Labour Day"),
    (date(2026, 5, 11), "Moved from 9 May"),
    (date(2026, 6, 12), "Russia Day"),
    (date(2026, 11, 4), "Unity Day"),
    (date(2026, 12, 31), "Moved from 4 January"),
]
# 2027: the holidays of the Labour Code and its automatic moves; the decree's moves of the
# January weekend days are entered when published.
DAYS_OFF_2027 = [(date(2027, 1, d), "New Year holidays") for d in (1, 4, 5, 6, 7, 8)] + [
    (date(2027, 2, 23), "Defender of the Fatherland Day"),
    (date(2027, 3, 8), "International Women's Day"),
    (date(2027, 5, 3), "Moved from 1 May"),
    (date(2027, 5, 10), "Moved from 9 May"),
    (date(2027, 6, 14), "Moved from 12 June"),
    (date(2027, 11, 4), "Unity Day"),
]


def load(apps, schema_editor):
    SegmentCell = apps.get_model("field", "SegmentCell")
    TypeRadius = apps.get_model("field", "TypeRadius")
    PointsRule = apps.get_model("field", "PointsRule")
    DistanceBand = apps.get_model("field", "DistanceBand")
    CalendarDay = apps.get_model("field", "CalendarDay")
    for potential, per_influence in CELLS.items():
        for influence, visits in enumerate(per_influence, start=1):
            SegmentCell.objects.get_or_create(
                potential=potential, influence=influence, defaults={"visits_per_month": visits}
            )
    for kind, radius in RADII.items():
        TypeRadius.objects.get_or_create(kind=kind, defaults={"radius_m": radius})
    for (kind, visit_type), (base, extra, cap) in POINTS.items():
        PointsRule.objects.get_or_create(
            institution_kind=kind,
            visit_type=visit_type,
            defaults={"base": base, "per_extra_doctor": extra, "cap": cap},
        )
    for from_km, bonus in BANDS.items():
        DistanceBand.objects.get_or_create(from_km=from_km, defaults={"bonus": bonus})
    for day, note in DAYS_OFF_2026 + DAYS_OFF_2027:
        CalendarDay.objects.get_or_create(day=day, defaults={"kind": "day_off", "note": note})


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="0", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Moscow",
    )
    PeriodicTask.objects.get_or_create(
        name="field: plan statuses over the cycle",
        defaults={"task": "field.tasks.field_plans_refresh", "crontab": crontab, "queue": "default"},
    )


def seed(apps, schema_editor):
    load(apps, schema_editor)
    schedule(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0001_field_work"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
