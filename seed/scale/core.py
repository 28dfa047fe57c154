"""Performance data of `manage.py seed_scale --factor N`: N*160 staff users and reference data,
in bulk. Deterministic natural keys make a second run add nothing."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from kolplatform.core.models import CostCenter, Product, Region, TherapeuticArea, User
from kolplatform.core.roles import Role

STAFF_PER_FACTOR = 160
STAFF_ROLE_MIX = [  # (role, share of staff)
    (Role.FIELD_STAFF, 0.6),
    (Role.MARKETING_MANAGER, 0.2),
    (Role.APPROVER, 0.08),
    (Role.LEGAL, 0.04),
    (Role.COMPLIANCE, 0.04),
    (Role.FINANCE, 0.04),
]
AREAS = [
    "Кардиология",
    "Неврология",
    "Эндокринология",
    "Онкология",
    "Пульмонология",
    "Ревматология",
]
BATCH = 2000


def role_for(index: int) -> str:
    """Deterministic role of the index-th scale user following STAFF_ROLE_MIX."""
    position = (index % 100) / 100
    cumulative = 0.0
    for role, share in STAFF_ROLE_MIX:
        cumulative += share
        if position < cumulative:
            return role
    return STAFF_ROLE_MIX[0][0]


def seed_reference(*, factor: int) -> None:
    Region.objects.bulk_create(
        [Region(code=f"S{n:03d}", name=f"Регион {n:03d}") for n in range(1, 86)],
        ignore_conflicts=True,
    )
    TherapeuticArea.objects.bulk_create(
        [TherapeuticArea(name=name) for name in AREAS], ignore_conflicts=True
    )
    areas = list(TherapeuticArea.objects.filter(name__in=AREAS).order_by("name"))
    Product.objects.bulk_create(
        [
            Product(name=f"Препарат S-{n:04d}", therapeutic_area=areas[n % len(areas)])
            for n in range(1, 20 * factor + 1)
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    CostCenter.objects.bulk_create(
        [
            CostCenter(code=f"SCC-{n:04d}", name=f"Центр затрат {n:04d}")
            for n in range(1, 10 * factor)
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )


def seed_staff(*, factor: int) -> int:
    """Create the missing scale staff users (scale000001...) with their role groups."""
    total = STAFF_PER_FACTOR * factor
    usernames = [f"scale{n:06d}" for n in range(1, total + 1)]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    password = make_password("scale12345")  # one hash for all: they are benchmark users
    User.objects.bulk_create(
        [
            User(
                username=name,
                password=password,
                last_name=f"Сотрудник {name[5:]}",
                first_name="Тест",
                email=f"{name}@scale.kolplatform.local",
            )
            for name in usernames
            if name not in existing
        ],
        batch_size=BATCH,
    )
    groups = {g.name: g.pk for g in Group.objects.all()}
    ids = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=ids[name], group_id=groups[role_for(n)])
            for n, name in enumerate(usernames)
            if name not in existing
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    return total - len(existing)


@transaction.atomic
def seed_scale(*, factor: int, stdout) -> None:
    seed_reference(factor=factor)
    created = seed_staff(factor=factor)
    stdout.write(f"core: {created} staff users created ({STAFF_PER_FACTOR * factor} in total)")
