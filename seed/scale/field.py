"""Field work in proportion to `seed_scale --factor N`: about a third of the staff are reps
(every other field-staff user of seed/scale/core.py), each with a manager, a plan per month of
the past year with ten targets, and four visits a working day over the year (about 20 a week:
some 5 million visits at factor 100).

Set-based: the reps' working days, visit slots and institutions go into small temporary tables,
and each table of field work is filled by one INSERT ... SELECT over them (no row passes through
Python). Portable SQL (PostgreSQL and SQLite). A second run adds nothing: reps that already have
plans are skipped."""

from datetime import date, timedelta

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from experts.models import Institution
from field.capacity import working_days
from field.figures import cycle_working_days
from field.models import CalendarDay, FieldRep
from field.services.plans import cycle_bounds
from kolplatform.core.models import User
from kolplatform.core.roles import Role
from seed.scale.sql import Run

VISITS_PER_DAY = 4
TARGETS_PER_PLAN = 10
MONTHS = 12


def _months(today: date) -> list[tuple[int, date, date]]:
    first = today.replace(day=1)
    rows = []
    for n in range(MONTHS):
        month_index = first.year * 12 + first.month - 1 - n
        start, end = cycle_bounds("month", date(month_index // 12, month_index % 12 + 1, 1))
        rows.append((n, start, end))
    return rows


def _days(start: date, end: date) -> list[date]:
    off = set(
        CalendarDay.objects.filter(
            day__range=(start, end), kind=CalendarDay.Kind.DAY_OFF
        ).values_list("day", flat=True)
    )
    days, day = [], start
    while day <= end:
        if working_days(day, day, days_off=off, working_weekends=set()):
            days.append(day)
        day += timedelta(days=1)
    return days


def _temp_tables(cursor, *, months, days, institutions) -> None:
    for name in ("fs_months", "fs_days", "fs_slots", "fs_inst"):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")  # nosec B608 (constant names)
    cursor.execute("CREATE TEMPORARY TABLE fs_months (n integer, starts_on date, ends_on date)")
    cursor.executemany("INSERT INTO fs_months VALUES (%s, %s, %s)", months)
    cursor.execute("CREATE TEMPORARY TABLE fs_days (n integer, day date)")
    cursor.executemany("INSERT INTO fs_days VALUES (%s, %s)", list(enumerate(days)))
    cursor.execute("CREATE TEMPORARY TABLE fs_slots (k integer)")
    cursor.executemany(
        "INSERT INTO fs_slots VALUES (%s)", [(k,) for k in range(max(TARGETS_PER_PLAN, 4))]
    )
    cursor.execute("CREATE TEMPORARY TABLE fs_inst (n integer, id bigint)")
    cursor.executemany("INSERT INTO fs_inst VALUES (%s, %s)", list(enumerate(institutions)))


def _reps(factor: int) -> int:
    """FieldRep rows for every other scale field-staff user, managers in turn."""
    managers = list(
        User.objects.filter(username__startswith="scale", groups__name=Role.MARKETING_MANAGER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    users = (
        User.objects.filter(username__startswith="scale", groups__name=Role.FIELD_STAFF)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not managers:
        return 0
    reps = [
        FieldRep(
            user_id=pk,
            manager_id=managers[n % len(managers)],
            visits_per_day=5,
            points_day=12,
            points_week=60,
            points_month=240,
        )
        for n, pk in enumerate(users)
        if n % 2 == 0
    ]
    FieldRep.objects.bulk_create(reps, batch_size=2000, ignore_conflicts=True)
    return len(reps)


PLANS_SQL = """
INSERT INTO field_cycleplan (rep_id, period, starts_on, ends_on, status, created_at)
SELECT r.user_id, 'month', m.starts_on, m.ends_on,
       CASE WHEN m.ends_on < %(today)s THEN 'completed' ELSE 'in_progress' END, %(now)s
FROM field_fieldrep r CROSS JOIN fs_months m
WHERE r.user_id IN (SELECT id FROM core_user WHERE username LIKE 'scale%%')
  AND NOT EXISTS (SELECT 1 FROM field_cycleplan p WHERE p.rep_id = r.user_id)
"""
TARGETS_SQL = """
INSERT INTO field_plantarget (plan_id, institution_id, planned_visits)
SELECT p.id, i.id, %(per_target)s
FROM field_cycleplan p
JOIN fs_slots s ON s.k < %(targets)s
JOIN fs_inst i ON i.n = (p.rep_id * %(targets)s + s.k) %% %(n_inst)s
WHERE p.created_at = %(now)s
"""
# Slot k of day d: the institution of target (d * 4 + k) mod 10 of the rep's list; one visit in
# 13 out of range and one in 29 without a location (awaiting review), the rest verified.
VISITS_SQL = """
INSERT INTO field_visit (
  rep_id, plan_id, institution_id, scheduled_on, status, permission, geo_status, distance_m,
  minutes_on_site, visit_type, follow_up, range_comment, review, review_reason, points,
  submitted_at, created_at)
SELECT p.rep_id, p.id, i.id, d.day, 'submitted',
  CASE WHEN (d.n * 4 + s.k + p.rep_id) %% 29 = 0 THEN 'denied' ELSE 'granted' END,
  CASE WHEN (d.n * 4 + s.k + p.rep_id) %% 29 = 0 THEN 'unverifiable'
       WHEN (d.n * 4 + s.k + p.rep_id) %% 13 = 0 THEN 'out_of_range' ELSE 'verified' END,
  CASE WHEN (d.n * 4 + s.k + p.rep_id) %% 29 = 0 THEN NULL
       WHEN (d.n * 4 + s.k + p.rep_id) %% 13 = 0 THEN 1500 ELSE 40 + s.k * 35 END,
  15 + (d.n + s.k) %% 40,
  CASE s.k WHEN 0 THEN 'lecture' WHEN 1 THEN 'demonstration' ELSE 'consultation' END,
  '', '',
  CASE WHEN (d.n * 4 + s.k + p.rep_id) %% 29 = 0 OR (d.n * 4 + s.k + p.rep_id) %% 13 = 0
       THEN 'pending' ELSE 'not_needed' END,
  '',
  CASE WHEN (d.n * 4 + s.k + p.rep_id) %% 29 = 0 OR (d.n * 4 + s.k + p.rep_id) %% 13 = 0
       THEN 0 WHEN s.k = 0 THEN 6 WHEN s.k = 1 THEN 4 ELSE 2 END,
  %(now)s, %(now)s
FROM field_cycleplan p
JOIN fs_days d ON d.day BETWEEN p.starts_on AND p.ends_on
JOIN fs_slots s ON s.k < %(per_day)s
JOIN fs_inst i
  ON i.n = (p.rep_id * %(targets)s + (d.n * %(per_day)s + s.k) %% %(targets)s) %% %(n_inst)s
WHERE p.created_at = %(now)s
"""


def seed_scale(*, run: Run) -> None:
    institutions = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
    if not institutions:
        raise CommandError(
            "Field work needs the institutions of the experts module: run seed_scale on a "
            "migrated, empty database so that the experts module comes first."
        )
    run.begin("field", 3)
    today, now = timezone.localdate(), timezone.now()
    months = _months(today)
    days = _days(months[-1][1], today - timedelta(days=1))
    per_target = cycle_working_days(months[0][1], months[0][2]) * VISITS_PER_DAY // TARGETS_PER_PLAN
    params = {
        "today": today,
        "now": now,
        "targets": TARGETS_PER_PLAN,
        "per_day": VISITS_PER_DAY,
        "per_target": per_target,
        "n_inst": len(institutions),
    }
    with transaction.atomic():
        run.done("reps", _reps(run.factor))
        with connection.cursor() as cursor:
            _temp_tables(cursor, months=months, days=days, institutions=institutions)
            cursor.execute(PLANS_SQL, params)
            plans = cursor.rowcount
            cursor.execute(TARGETS_SQL, params)
            run.done("plans and targets", plans + cursor.rowcount)
            cursor.execute(VISITS_SQL, params)
            run.done("visits", cursor.rowcount)
