"""Field work in proportion to `seed_scale --factor N`: about a third of the staff are reps
(every other field-staff user of seed/scale/core.py) in teams of ten under a manager, with a
locked plan per month of the past year and four visits a working day (about 20 a week: some 5
million visits at factor 100).

A plan holds forty targets whose planned visits follow the segments (one to three a month, about
72 a month against a capacity of some 84). The visits go to the targets: most targets get what was
planned, some one visit less or more, some none at all (the plan's coverage falls short), about
one visit in eight is unplanned (no target), and once the list is done the month's last days go
to unplanned visits. So per target the figures are those of real work:
planned against made, remaining, coverage, and the current month part done. The month's pattern is
one of a few templates drawn once in Python (`_templates`), picked per rep and month.

The visits of the days before today are submitted (one in 13 out of range, one in 29 without a
location: awaiting review); from today to the end of the week they are scheduled, and today is
always a working day of the data, so that the rep's today page has its route whatever the day the
data is made.

Set-based: the working days, the templates and the institutions go into small temporary tables,
and each table of field work is filled by one INSERT ... SELECT over them (no row passes through
Python). Portable SQL (PostgreSQL and SQLite). A second run adds nothing: reps that already have
plans are skipped."""

import random
from datetime import date, timedelta

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from experts.models import Institution
from field.capacity import working_days
from field.models import CalendarDay, FieldRep
from field.services.plans import cycle_bounds
from kolplatform.core.models import User
from kolplatform.core.roles import Role
from seed.scale.sql import Run

VISITS_PER_DAY = 4
TARGETS_PER_PLAN = 40
MONTHS = 12
TEMPLATES = 7
SLOTS = 25 * VISITS_PER_DAY  # more than the visits of the longest month
UNPLANNED = 0.12  # share of the month's visits outside the target list
TEAM = 10  # representatives of a manager


def _months(today: date) -> list[tuple[int, date, date]]:
    first = today.replace(day=1)
    rows = []
    for n in range(MONTHS):
        month_index = first.year * 12 + first.month - 1 - n
        start, end = cycle_bounds("month", date(month_index // 12, month_index % 12 + 1, 1))
        rows.append((n, start, end))
    return rows


def _days(start: date, today: date) -> list[tuple[int, date, int, int]]:
    """(n, day, month, index of the working day in its month) from `start` to the end of this
    week; months are numbered back from this one (0), as in `_months`."""
    end = today + timedelta(days=6 - today.weekday())
    off = set(
        CalendarDay.objects.filter(
            day__range=(start, end), kind=CalendarDay.Kind.DAY_OFF
        ).values_list("day", flat=True)
    )
    rows, day, in_month = [], start, 0
    while day <= end:
        if day.day == 1:
            in_month = 0
        if day == today or working_days(day, day, days_off=off, working_weekends=set()):
            month = (today.year - day.year) * 12 + today.month - day.month
            rows.append((len(rows), day, month, in_month))
            in_month += 1
        day += timedelta(days=1)
    return rows


def _templates(rng: random.Random, targets: int) -> tuple[list, list]:
    """Per template: the targets' planned visits (A: 3, B: 2, C: 1 a month), and the month's visit
    slots in order, each the target it goes to (None: unplanned)."""
    plans, slots = [], []
    for variant in range(TEMPLATES):
        planned = [rng.choices((3, 2, 1), weights=(2, 4, 4))[0] for _ in range(targets)]
        made = []
        for t, p in enumerate(planned):
            delta = rng.choices((-p, -1, 0, 1), weights=(8, 20, 55, 17))[0]
            made += [t] * max(p + delta, 0)
        made += [None] * round(len(made) * UNPLANNED / (1 - UNPLANNED))
        rng.shuffle(made)
        made += [None] * (SLOTS - len(made))  # the list done, the month ends on unplanned visits
        plans += [(variant, t, p) for t, p in enumerate(planned)]
        slots += [(variant, v, t) for v, t in enumerate(made[:SLOTS])]
    return plans, slots


def _temp_tables(cursor, *, months, days, institutions, templates) -> None:
    for name in ("fs_months", "fs_days", "fs_slots", "fs_inst", "fs_plan", "fs_alloc"):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")  # nosec B608 (constant names)
    cursor.execute("CREATE TEMPORARY TABLE fs_months (n integer, starts_on date, ends_on date)")
    cursor.executemany("INSERT INTO fs_months VALUES (%s, %s, %s)", months)
    cursor.execute("CREATE TEMPORARY TABLE fs_days (n integer, day date, m integer, dn integer)")
    cursor.executemany("INSERT INTO fs_days VALUES (%s, %s, %s, %s)", days)
    cursor.execute("CREATE TEMPORARY TABLE fs_slots (k integer)")
    cursor.executemany("INSERT INTO fs_slots VALUES (%s)", [(k,) for k in range(VISITS_PER_DAY)])
    cursor.execute("CREATE TEMPORARY TABLE fs_inst (n integer PRIMARY KEY, id bigint)")
    cursor.executemany("INSERT INTO fs_inst VALUES (%s, %s)", list(enumerate(institutions)))
    plans, slots = templates
    cursor.execute("CREATE TEMPORARY TABLE fs_plan (variant integer, t integer, planned integer)")
    cursor.executemany("INSERT INTO fs_plan VALUES (%s, %s, %s)", plans)
    cursor.execute("CREATE TEMPORARY TABLE fs_alloc (variant integer, v integer, t integer)")
    cursor.executemany("INSERT INTO fs_alloc VALUES (%s, %s, %s)", slots)
    for name in ("fs_months", "fs_days", "fs_slots", "fs_inst", "fs_plan", "fs_alloc"):
        # the planner's estimates of the joins over them
        cursor.execute(f"ANALYZE {name}")  # nosec B608 (constant names)


def _reps(factor: int) -> int:
    """FieldRep rows for every other scale field-staff user, in teams of TEAM under the first
    managers."""
    managers = list(
        User.objects.filter(username__startswith="scale", groups__name=Role.MARKETING_MANAGER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    users = list(
        User.objects.filter(username__startswith="scale", groups__name=Role.FIELD_STAFF)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[::2]
    if not managers:
        return 0
    managers = managers[: max(1, len(users) // TEAM)]
    reps = [
        FieldRep(
            user_id=pk,
            manager_id=managers[n % len(managers)],
            visits_per_day=VISITS_PER_DAY,
            points_day=12,
            points_week=60,
            points_month=240,
        )
        for n, pk in enumerate(users)
    ]
    FieldRep.objects.bulk_create(reps, batch_size=2000, ignore_conflicts=True)
    return len(reps)


PLANS_SQL = """
INSERT INTO field_cycleplan (rep_id, period, starts_on, ends_on, status, locked_at, created_at)
SELECT r.user_id, 'month', m.starts_on, m.ends_on,
       CASE WHEN m.ends_on < %(today)s THEN 'completed' ELSE 'in_progress' END, %(now)s, %(now)s
FROM field_fieldrep r CROSS JOIN fs_months m
WHERE r.user_id IN (SELECT id FROM core_user WHERE username LIKE 'scale%%')
  AND NOT EXISTS (SELECT 1 FROM field_cycleplan p WHERE p.rep_id = r.user_id)
"""
# The template of a rep's month: (rep + month) mod TEMPLATES; target t of the template is the
# institution (rep * targets + t) mod n_inst (distinct within a plan: targets <= n_inst).
TARGETS_SQL = """
INSERT INTO field_plantarget (plan_id, institution_id, planned_visits)
SELECT p.id, i.id, tp.planned
FROM field_cycleplan p
JOIN fs_months m ON m.starts_on = p.starts_on
JOIN fs_plan tp ON tp.variant = (p.rep_id + m.n) %% %(templates)s AND tp.t < %(targets)s
JOIN fs_inst i ON i.n = (p.rep_id * %(targets)s + tp.t) %% %(n_inst)s
WHERE p.created_at = %(now)s
"""
# Slot v = (working day of the month) * per_day + k takes the template's target (its institution,
# found again by the same formula) or, unplanned, an institution of the day. `h` numbers the
# visits of a rep for the pseudo-random geo outcome.
VISITS_SQL = """
INSERT INTO field_visit (
  rep_id, plan_id, target_id, institution_id, scheduled_on, status, permission, geo_status,
  distance_m, minutes_on_site, visit_type, follow_up, range_comment, review, review_reason,
  points, submitted_at, created_at)
SELECT x.rep_id, x.plan_id, pt.id, x.institution_id, x.day,
  CASE WHEN x.past THEN 'submitted' ELSE 'scheduled' END,
  CASE WHEN NOT x.past THEN '' WHEN x.h %% 29 = 0 THEN 'denied' ELSE 'granted' END,
  CASE WHEN NOT x.past THEN '' WHEN x.h %% 29 = 0 THEN 'unverifiable'
       WHEN x.h %% 13 = 0 THEN 'out_of_range' ELSE 'verified' END,
  CASE WHEN NOT x.past OR x.h %% 29 = 0 THEN NULL WHEN x.h %% 13 = 0 THEN 1500
       ELSE 40 + x.k * 35 END,
  CASE WHEN x.past THEN 15 + (x.n + x.k) %% 40 END,
  CASE WHEN NOT x.past THEN '' WHEN x.k = 0 THEN 'lecture' WHEN x.k = 1 THEN 'demonstration'
       ELSE 'consultation' END,
  '', '',
  CASE WHEN x.past AND (x.h %% 29 = 0 OR x.h %% 13 = 0) THEN 'pending' ELSE 'not_needed' END,
  '',
  CASE WHEN NOT x.past OR x.h %% 29 = 0 OR x.h %% 13 = 0 THEN 0
       WHEN x.k = 0 THEN 6 WHEN x.k = 1 THEN 4 ELSE 2 END,
  CASE WHEN x.past THEN %(now)s END, %(now)s
FROM (
  SELECT p.rep_id, p.id AS plan_id, d.day, d.n, s.k, a.t, d.day < %(today)s AS past,
    d.n * %(per_day)s + s.k + p.rep_id AS h, i.id AS institution_id
  FROM field_cycleplan p
  JOIN fs_months m ON m.starts_on = p.starts_on
  JOIN fs_days d ON d.m = m.n
  JOIN fs_slots s ON 1 = 1
  JOIN fs_alloc a
    ON a.variant = (p.rep_id + m.n) %% %(templates)s AND a.v = d.dn * %(per_day)s + s.k
  JOIN fs_inst i ON i.n = CASE WHEN a.t IS NULL
    THEN (p.rep_id * 7 + d.n * 13 + s.k * 3) %% %(n_inst)s
    ELSE (p.rep_id * %(targets)s + a.t) %% %(n_inst)s END
  WHERE p.created_at = %(now)s AND (a.t IS NULL OR a.t < %(targets)s)
) x
LEFT JOIN field_plantarget pt
  ON x.t IS NOT NULL AND pt.plan_id = x.plan_id AND pt.institution_id = x.institution_id
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
    targets = min(TARGETS_PER_PLAN, len(institutions))
    templates = _templates(random.Random(run.seed), TARGETS_PER_PLAN)
    params = {
        "today": today,
        "now": now,
        "targets": targets,
        "templates": TEMPLATES,
        "per_day": VISITS_PER_DAY,
        "n_inst": len(institutions),
    }
    with transaction.atomic():
        run.done("reps", _reps(run.factor))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL jit = off")  # one run of each: compiling costs more
            _temp_tables(
                cursor,
                months=months,
                days=_days(months[-1][1], today),
                institutions=institutions,
                templates=templates,
            )
            cursor.execute(PLANS_SQL, params)
            plans = cursor.rowcount
            cursor.execute(TARGETS_SQL, params)
            run.done("plans and targets", plans + cursor.rowcount)
            cursor.execute(VISITS_SQL, params)
            run.done("visits", cursor.rowcount)
