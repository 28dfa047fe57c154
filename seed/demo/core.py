"""Demo company of `manage.py seed_demo`: one user per role and the reference data.

Idempotent: rows are found by their natural keys (username, code, name) and created only once;
passwords of existing users are left alone.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from kolplatform.core.models import CostCenter, Product, Region, TherapeuticArea, User
from kolplatform.core.roles import Role

DEMO_PASSWORD = "demo12345"

REGIONS = [
    ("77", "Москва"),
    ("78", "Санкт-Петербург"),
    ("50", "Московская область"),
    ("16", "Республика Татарстан"),
    ("66", "Свердловская область"),
    ("54", "Новосибирская область"),
    ("23", "Краснодарский край"),
    ("52", "Нижегородская область"),
    ("63", "Самарская область"),
    ("61", "Ростовская область"),
    ("02", "Республика Башкортостан"),
    ("24", "Красноярский край"),
    ("74", "Челябинская область"),
    ("59", "Пермский край"),
    ("36", "Воронежская область"),
    ("25", "Приморский край"),
]
AREAS_AND_PRODUCTS = {
    "Кардиология": ["Кардиостат", "Ритмонорм"],
    "Неврология": ["Нейропрот", "Мигрелак"],
    "Эндокринология": ["Глюкорин", "Тиреовит"],
    "Онкология": ["Онкотаргет"],
    "Пульмонология": ["Бронхолайт"],
}
COST_CENTERS = [
    ("MKT-CARD", "Маркетинг: кардиология"),
    ("MKT-NEURO", "Маркетинг: неврология"),
    ("MKT-ENDO", "Маркетинг: эндокринология"),
    ("MED-AFF", "Медицинский отдел"),
    ("FIELD", "Полевая служба"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    last_name: str
    first_name: str
    middle_name: str
    position: str


DEMO_USERS = [
    DemoUser("admin", Role.ADMIN, "Смирнов", "Алексей", "Викторович", "Администратор системы"),
    DemoUser(
        "manager", Role.MARKETING_MANAGER, "Орлова", "Марина", "Сергеевна", "Менеджер по продукту"
    ),
    DemoUser(
        "field", Role.FIELD_STAFF, "Кузнецов", "Дмитрий", "Андреевич", "Медицинский представитель"
    ),
    DemoUser("approver", Role.APPROVER, "Волкова", "Елена", "Игоревна", "Руководитель направления"),
    DemoUser("legal", Role.LEGAL, "Лебедев", "Павел", "Олегович", "Юрист"),
    DemoUser("compliance", Role.COMPLIANCE, "Соколова", "Анна", "Михайловна", "Комплаенс-офицер"),
    DemoUser("finance", Role.FINANCE, "Новиков", "Игорь", "Петрович", "Финансовый контролёр"),
    DemoUser("accountant", Role.FINANCE, "Морозова", "Татьяна", "Николаевна", "Бухгалтер"),
    DemoUser("kol", Role.KOL, "Иванов", "Сергей", "Петрович", ""),
    DemoUser("kol2", Role.KOL, "Петрова", "Ольга", "Владимировна", ""),
]


def demo_company_exists() -> bool:
    return User.objects.filter(username="admin", groups__name=Role.ADMIN).exists()


def seed_reference_data() -> None:
    for code, name in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})
    for area_name, products in AREAS_AND_PRODUCTS.items():
        area, _ = TherapeuticArea.objects.get_or_create(name=area_name)
        for product in products:
            Product.objects.get_or_create(name=product, defaults={"therapeutic_area": area})
    for code, name in COST_CENTERS:
        CostCenter.objects.get_or_create(code=code, defaults={"name": name})


def seed_users() -> list[User]:
    groups = {g.name: g for g in Group.objects.filter(name__in=[u.role for u in DEMO_USERS])}
    users = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "last_name": spec.last_name,
                "first_name": spec.first_name,
                "middle_name": spec.middle_name,
                "position": spec.position,
                "email": f"{spec.username}@demo.kolplatform.local",
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(groups[spec.role])
        users.append(user)
    field_users = User.objects.filter(username__in=["manager", "field"])
    moscow_regions = Region.objects.filter(code__in=["77", "50"])
    for user in field_users:
        user.regions.add(*moscow_regions)
        user.products.add(*Product.objects.filter(therapeutic_area__name="Кардиология"))
    return users


@transaction.atomic
def seed(*, stdout) -> list[User]:
    """Reference data and the demo users; returns the users in DEMO_USERS order."""
    seed_reference_data()
    users = seed_users()
    stdout.write(
        f"core: {Region.objects.count()} regions, {Product.objects.count()} products, "
        f"{CostCenter.objects.count()} cost centers, {len(users)} demo users"
    )
    return users


def logins_table() -> str:
    """The printed table of demo logins."""
    role_labels = dict(Role.choices)
    width = max(len(u.username) for u in DEMO_USERS) + 2
    lines = [f"{'login':<{width}}{'password':<12}role", "-" * (width + 40)]
    for spec in DEMO_USERS:
        lines.append(f"{spec.username:<{width}}{DEMO_PASSWORD:<12}{role_labels[spec.role]}")
    return "\n".join(lines)
