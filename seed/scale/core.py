"""Performance data of `manage.py seed_scale --factor N`: reference data, N*160 staff users in the
seed client's role mix, an administrator, and the expert accounts come with the experts.

Users are written by one INSERT ... SELECT; every scale user has the password `scale12345`
(one hash, they are benchmark users)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from kolplatform.core.models import CostCenter, Product, TherapeuticArea, User
from kolplatform.core.roles import Role
from seed.demo.experts import REGIONS, region_for
from seed.scale.sql import Run, execute, insert_select, share_case, table

STAFF_PER_FACTOR = 160
PRODUCTS_PER_FACTOR = 20
PASSWORD = "scale12345"  # nosec B105: the published password of the benchmark users
ADMIN = "scale-admin"
STAFF_ROLE_MIX = [  # (role, share of staff in percent)
    (Role.FIELD_STAFF, 60),
    (Role.MARKETING_MANAGER, 20),
    (Role.APPROVER, 8),
    (Role.LEGAL, 4),
    (Role.COMPLIANCE, 4),
    (Role.FINANCE, 4),
]
AREAS = [
    "Кардиология",
    "Неврология",
    "Эндокринология",
    "Онкология",
    "Пульмонология",
    "Ревматология",
]


def role_for(index: int) -> str:
    """Deterministic role of the index-th (0-based) scale user following STAFF_ROLE_MIX."""
    position = index % 100
    cumulative = 0
    for role, share in STAFF_ROLE_MIX:
        cumulative += share
        if position < cumulative:
            return role
    return STAFF_ROLE_MIX[0][0]


def role_sql(expr: str) -> str:
    """SQL CASE giving the role of the scale user numbered `expr` (0-based), as role_for."""
    return share_case(f"mod({expr}, 100)", [(r.value, share) for r, share in STAFF_ROLE_MIX])


def staff_username(n: int) -> str:
    """Username of the n-th (0-based) scale staff user."""
    return f"scale{n + 1:06d}"


def first_staff_of_role(role: str) -> int:
    """The 0-based number of the first scale staff user with `role`."""
    return next(n for n in range(100) if role_for(n) == role)


def missing() -> list[str]:
    """The role groups the users are put in (made by the migrations), when absent."""
    present = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    return [f"the role group {role!r}" for role in Role.values if role not in present]


def seed_reference(run: Run) -> None:
    for code, name in REGIONS:
        region_for(code, name)
    TherapeuticArea.objects.bulk_create(
        [TherapeuticArea(name=name) for name in AREAS], ignore_conflicts=True
    )
    areas = list(TherapeuticArea.objects.filter(name__in=AREAS).order_by("name"))
    products = Product.objects.bulk_create(
        [
            Product(name=f"Препарат S-{n:04d}", therapeutic_area=areas[n % len(areas)])
            for n in range(1, PRODUCTS_PER_FACTOR * run.factor + 1)
        ],
        ignore_conflicts=True,
    )
    CostCenter.objects.bulk_create(
        [CostCenter(code=f"SCC-{n:04d}", name=f"Центр затрат {n:04d}") for n in range(1, 11)],
        ignore_conflicts=True,
    )
    run.done("regions, areas, products", len(products) + len(REGIONS))


def seed_staff(run: Run) -> int:
    """The scale staff users scale000001... with their role groups (missing ones only)."""
    total = STAFF_PER_FACTOR * run.factor
    password = make_password(PASSWORD)
    source = (
        "generate_series(0, %s) g CROSS JOIN (SELECT %s::text AS pw) p "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table(User)} u "
        "WHERE u.username = 'scale' || lpad((g + 1)::text, 6, '0'))"
    )
    made = insert_select(
        User,
        {
            "username": "'scale' || lpad((g + 1)::text, 6, '0')",
            "password": "p.pw",
            "first_name": "'Тест'",
            "last_name": "'Сотрудник ' || lpad((g + 1)::text, 6, '0')",
            "email": "'scale' || lpad((g + 1)::text, 6, '0') || '@scale.kolplatform.local'",
            "position": f"initcap(replace({role_sql('g')}, '_', ' '))",
        },
        source,
        [total - 1, password],
    )
    through = User.groups.through
    execute(
        f"INSERT INTO {table(through)} (user_id, group_id) "  # nosec B608
        f"SELECT u.id, gr.id FROM {table(User)} u "
        f"JOIN {table(Group)} gr ON gr.name = "
        f"{role_sql('(substr(u.username, 6)::int - 1)')} "
        f"WHERE u.username ~ '^scale[0-9]{{6}}$' ON CONFLICT DO NOTHING",
        analyze=table(through),
    )
    run.done("staff users", made)
    return made


def seed_admin(run: Run) -> User:
    """The administrator the contract and payout data are owned by (made when missing)."""
    admin = User.objects.filter(username=ADMIN).first()
    if admin is None:
        admin = User.objects.create_superuser(
            username=ADMIN, password=PASSWORD, email="admin@scale.kolplatform.local"
        )
        admin.groups.add(Group.objects.get(name=Role.ADMIN))
    run.done("administrator", 1)
    return admin


def seed_scale(*, run: Run) -> None:
    run.begin("core", 3)
    seed_reference(run)
    seed_staff(run)
    seed_admin(run)
