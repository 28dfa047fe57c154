"""Demo field work: the reps `field` and `field2` of the manager `manager`, a locked plan and an
open one for the current month with targets in Moscow institutions, visits of the month inside
the radius (verified), outside it and without a location (awaiting the manager's review), and
today's route. Idempotent: a rep with a plan for the month is left alone."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from experts.models import Institution
from field.figures import plan_capacity
from field.geo import haversine_m
from field.models import CyclePlan, FieldPolicy, FieldRep, GeoStatus, Permission, Visit, VisitType
from field.services.plans import cycle_bounds, plan_create, plan_lock, target_add
from field.services.scoring import score
from kolplatform.core.models import User
from kolplatform.core.roles import Role
from seed.demo.core import DEMO_PASSWORD

# Approximate coordinates of the demo institutions in Moscow (external id -> lat, lon).
COORDINATES = {
    "INST-001": (55.752500, 37.408500),
    "INST-002": (55.725500, 37.602100),
    "INST-003": (55.693500, 37.576500),
    "INST-004": (55.649700, 37.654300),
    "INST-018": (55.790500, 37.604600),
}
BASE = (55.751244, 37.618423)  # the Moscow office
OFFSETS = {  # north offset of the phone's fix in metres, by the visit's place in the month
    "inside": 60,
    "outside": 2_400,
}


def _second_rep() -> User:
    user, created = User.objects.get_or_create(
        username="field2",
        defaults={
            "last_name": "Соколова",
            "first_name": "Марина",
            "middle_name": "Игоревна",
            "position": "Медицинский представитель",
            "email": "field2@demo.kolplatform.local",
            "password": make_password(DEMO_PASSWORD),
        },
    )
    if created:
        user.groups.add(Group.objects.get(name=Role.FIELD_STAFF))
    return user


def _institutions() -> list[Institution]:
    rows = []
    for ext, (lat, lon) in COORDINATES.items():
        inst = Institution.objects.filter(external_id=ext).first()
        if inst is None:
            continue
        if inst.latitude is None:
            inst.latitude, inst.longitude = Decimal(str(lat)), Decimal(str(lon))
            inst.save(update_fields=["latitude", "longitude"])
        rows.append(inst)
    return rows


def _visit(rep, plan, target, day, kind: str, n: int) -> Visit:
    """A visit of `kind`: "today" (scheduled), "inside" (verified), "outside" (out of range) or
    "denied" (no location), the last two awaiting the manager's review."""
    inst = target.institution
    common = {"rep": rep, "plan": plan, "target": target, "institution": inst, "scheduled_on": day}
    if kind == "today":
        return Visit.objects.create(**common)
    at = timezone.make_aware(datetime.combine(day, time(10 + n % 6, 15)))
    located = kind != "denied"
    lat = float(inst.latitude) + OFFSETS.get(kind, 0) / 111_195.0
    distance = haversine_m(lat, float(inst.longitude), float(inst.latitude), float(inst.longitude))
    visit = Visit.objects.create(
        **common,
        status=Visit.Status.SUBMITTED,
        review=Visit.Review.NOT_NEEDED if kind == "inside" else Visit.Review.PENDING,
        check_in_at=at,
        check_out_at=at + timedelta(minutes=25),
        minutes_on_site=25,
        submitted_at=at + timedelta(minutes=30),
        permission=Permission.GRANTED if located else Permission.DENIED,
        geo_status={"inside": GeoStatus.VERIFIED, "outside": GeoStatus.OUT_OF_RANGE}.get(
            kind, GeoStatus.UNVERIFIABLE
        ),
        check_in_latitude=Decimal(f"{lat:.6f}") if located else None,
        check_in_longitude=inst.longitude if located else None,
        check_in_accuracy_m=15.0 if located else None,
        distance_m=round(distance) if located else None,
        visit_type=[VisitType.CONSULTATION, VisitType.DEMONSTRATION, VisitType.LECTURE][n % 3],
        range_comment="Вход в корпус с другой улицы" if kind == "outside" else "",
        notes="Обсудили схему терапии и исследования препарата",
    )
    visit.points = score(visit, FieldPolicy.current())
    visit.save(update_fields=["points"])
    return visit


def _plan_with_visits(rep, manager, institutions, *, lock: bool) -> int:
    today = timezone.localdate()
    start, _end = cycle_bounds(CyclePlan.Period.MONTH, today)
    if CyclePlan.objects.filter(rep=rep, starts_on=start).exists():
        return 0
    plan = plan_create(rep=rep, period=CyclePlan.Period.MONTH, month_start=start, actor=manager)
    check = plan_capacity(plan)
    per_target = max(int(check.capacity * Decimal("0.85")) // len(institutions), 1)
    targets = [
        target_add(plan=plan, institution=inst, planned=per_target, actor=rep)
        for inst in institutions
    ]
    if lock:
        plan_lock(plan=plan, actor=manager)
    days = [start + timedelta(days=d) for d in range((today - start).days)]
    workdays = [d for d in days if d.weekday() < 5]
    made = 0
    for n, day in enumerate(workdays):
        kind = "outside" if n % 7 == 3 else "denied" if n % 11 == 5 else "inside"
        _visit(rep, plan, targets[n % len(targets)], day, kind, n)
        made += 1
    for n, target in enumerate(targets[:3]):
        _visit(rep, plan, target, today, "today", n)
    return made


@transaction.atomic
def seed(*, stdout) -> None:
    manager = User.objects.filter(username="manager").first()
    field = User.objects.filter(username="field").first()
    institutions = _institutions()
    if manager is None or field is None or len(institutions) < 3:
        stdout.write("field: demo users or institutions missing; skipped\n")
        return
    reps = [field, _second_rep()]
    made = 0
    for n, rep in enumerate(reps):
        FieldRep.objects.get_or_create(
            user=rep,
            defaults={
                "manager": manager,
                "visits_per_day": 2,
                "points_day": 8,
                "points_week": 40,
                "points_month": 160,
                "base_latitude": Decimal(str(BASE[0])),
                "base_longitude": Decimal(str(BASE[1])),
            },
        )
        made += _plan_with_visits(rep, manager, institutions, lock=n == 0)
    stdout.write(
        f"field: {len(reps)} reps, {made} visits this month, {Visit.objects.count()} in all\n"
    )
