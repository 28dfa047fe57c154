"""Demo data of the expert base: real Russian cities and institutions, ~60 experts, grading
configuration, rate cards for every tier and service type, assessments, and the cabinet users
`kol` and `kol2` linked to experts with a valid consent and complete bank details.

Idempotent: records are looked up by their external ids and names before being created."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from experts.models import (
    Consent,
    Expert,
    ExpertBankDetails,
    GradingCriterion,
    Institution,
    ProfessionalActivity,
    RateCard,
    ServiceType,
    Specialty,
    Tier,
)
from kolplatform.core.models import Product, Region, TherapeuticArea

REGIONS = [
    ("77", "Москва"),
    ("78", "Санкт-Петербург"),
    ("54", "Новосибирская область"),
    ("66", "Свердловская область"),
    ("16", "Республика Татарстан"),
    ("52", "Нижегородская область"),
    ("63", "Самарская область"),
    ("61", "Ростовская область"),
    ("23", "Краснодарский край"),
    ("70", "Томская область"),
    ("24", "Красноярский край"),
    ("36", "Воронежская область"),
]
# (external id, name, kind, city, region code, address, beds)
INSTITUTIONS = [
    (
        "INST-001",
        "НМИЦ кардиологии им. академика Е.И. Чазова",
        "public",
        "Москва",
        "77",
        "ул. Академика Чазова, 15а",
        600,
    ),
    ("INST-002", "ГКБ № 1 им. Н.И. Пирогова", "public", "Москва", "77", "Ленинский пр-т, 8", 1500),
    ("INST-003", "НМИЦ эндокринологии", "public", "Москва", "77", "ул. Дмитрия Ульянова, 11", 500),
    (
        "INST-004",
        "НМИЦ онкологии им. Н.Н. Блохина",
        "public",
        "Москва",
        "77",
        "Каширское ш., 23",
        1000,
    ),
    (
        "INST-005",
        "НМИЦ им. В.А. Алмазова",
        "public",
        "Санкт-Петербург",
        "78",
        "ул. Аккуратова, 2",
        1200,
    ),
    (
        "INST-006",
        "ПСПбГМУ им. акад. И.П. Павлова",
        "public",
        "Санкт-Петербург",
        "78",
        "ул. Льва Толстого, 6-8",
        1300,
    ),
    (
        "INST-007",
        "Клиника «Скандинавия»",
        "private",
        "Санкт-Петербург",
        "78",
        "Литейный пр-т, 55а",
        120,
    ),
    (
        "INST-008",
        "НМИЦ им. ак. Е.Н. Мешалкина",
        "public",
        "Новосибирск",
        "54",
        "ул. Речкуновская, 15",
        700,
    ),
    (
        "INST-009",
        "Свердловская областная клиническая больница № 1",
        "public",
        "Екатеринбург",
        "66",
        "ул. Волгоградская, 185",
        1700,
    ),
    (
        "INST-010",
        "Республиканская клиническая больница",
        "public",
        "Казань",
        "16",
        "ул. Оренбургский тракт, 138",
        1800,
    ),
    (
        "INST-011",
        "Приволжский исследовательский медицинский университет",
        "public",
        "Нижний Новгород",
        "52",
        "пл. Минина и Пожарского, 10/1",
        900,
    ),
    (
        "INST-012",
        "Самарская областная клиническая больница им. В.Д. Середавина",
        "public",
        "Самара",
        "63",
        "ул. Ташкентская, 159",
        1500,
    ),
    (
        "INST-013",
        "Ростовская областная клиническая больница",
        "public",
        "Ростов-на-Дону",
        "61",
        "ул. Благодатная, 170",
        1200,
    ),
    (
        "INST-014",
        "ККБ № 1 им. проф. С.В. Очаповского",
        "public",
        "Краснодар",
        "23",
        "ул. 1 Мая, 167",
        1700,
    ),
    (
        "INST-015",
        "НИИ кардиологии Томского НИМЦ",
        "public",
        "Томск",
        "70",
        "ул. Киевская, 111а",
        400,
    ),
    (
        "INST-016",
        "Краевая клиническая больница",
        "public",
        "Красноярск",
        "24",
        "ул. Партизана Железняка, 3а",
        1100,
    ),
    (
        "INST-017",
        "Воронежская областная клиническая больница № 1",
        "public",
        "Воронеж",
        "36",
        "Московский пр-т, 151",
        1400,
    ),
    (
        "INST-018",
        "Клиника «Медси» на Белорусской",
        "private",
        "Москва",
        "77",
        "ул. 2-я Ямская, 9",
        150,
    ),
]
SPECIALTIES = [
    "Кардиология",
    "Эндокринология",
    "Онкология",
    "Неврология",
    "Пульмонология",
    "Ревматология",
    "Гастроэнтерология",
]
AREAS = ["Кардиология", "Эндокринология", "Онкология", "Неврология", "Пульмонология"]
PRODUCTS = [
    ("Кардиомакс", "Кардиология"),
    ("Глюкорин", "Эндокринология"),
    ("Онкотаргет", "Онкология"),
]
MALE = [
    ("Иванов", "Сергей", "Петрович"),  # the demo user `kol` (seed/demo/core.py)
    ("Кузнецов", "Дмитрий", "Сергеевич"),
    ("Попов", "Михаил", "Андреевич"),
    ("Васильев", "Игорь", "Николаевич"),
    ("Соколов", "Андрей", "Павлович"),
    ("Михайлов", "Сергей", "Олегович"),
    ("Новиков", "Евгений", "Александрович"),
    ("Фёдоров", "Владимир", "Игоревич"),
    ("Морозов", "Константин", "Юрьевич"),
    ("Волков", "Артём", "Дмитриевич"),
    ("Алексеев", "Павел", "Геннадьевич"),
    ("Лебедев", "Роман", "Викторович"),
    ("Семёнов", "Илья", "Борисович"),
    ("Егоров", "Максим", "Владимирович"),
    ("Павлов", "Николай", "Степанович"),
    ("Козлов", "Григорий", "Аркадьевич"),
    ("Степанов", "Юрий", "Михайлович"),
    ("Николаев", "Олег", "Валерьевич"),
    ("Орлов", "Виктор", "Петрович"),
    ("Андреев", "Станислав", "Евгеньевич"),
    ("Макаров", "Денис", "Анатольевич"),
    ("Никитин", "Кирилл", "Романович"),
    ("Захаров", "Георгий", "Ильич"),
    ("Зайцев", "Вадим", "Леонидович"),
    ("Соловьёв", "Антон", "Вячеславович"),
    ("Борисов", "Фёдор", "Константинович"),
    ("Яковлев", "Тимур", "Рашидович"),
    ("Григорьев", "Святослав", "Игоревич"),
    ("Романов", "Леонид", "Маркович"),
    ("Воробьёв", "Борис", "Александрович"),
]
FEMALE = [
    ("Петрова", "Ольга", "Владимировна"),  # the demo user `kol2`
    ("Иванова", "Елена", "Александровна"),
    ("Сидорова", "Наталья", "Сергеевна"),
    ("Кузнецова", "Татьяна", "Ивановна"),
    ("Смирнова", "Анна", "Дмитриевна"),
    ("Попова", "Марина", "Юрьевна"),
    ("Васильева", "Ирина", "Николаевна"),
    ("Соколова", "Светлана", "Петровна"),
    ("Михайлова", "Екатерина", "Андреевна"),
    ("Новикова", "Юлия", "Олеговна"),
    ("Фёдорова", "Людмила", "Васильевна"),
    ("Морозова", "Галина", "Михайловна"),
    ("Волкова", "Мария", "Игоревна"),
    ("Алексеева", "Дарья", "Сергеевна"),
    ("Лебедева", "Ксения", "Владимировна"),
    ("Семёнова", "Вера", "Анатольевна"),
    ("Егорова", "Надежда", "Борисовна"),
    ("Павлова", "Алла", "Геннадьевна"),
    ("Козлова", "Полина", "Евгеньевна"),
    ("Степанова", "Валентина", "Романовна"),
    ("Николаева", "Лариса", "Аркадьевна"),
    ("Орлова", "Виктория", "Олеговна"),
    ("Андреева", "Алина", "Константиновна"),
    ("Макарова", "Евгения", "Степановна"),
    ("Никитина", "Софья", "Павловна"),
    ("Захарова", "Инна", "Валерьевна"),
    ("Зайцева", "Оксана", "Леонидовна"),
    ("Соловьёва", "Жанна", "Ильинична"),
    ("Борисова", "Кристина", "Маратовна"),
    ("Яковлева", "Диана", "Рустамовна"),
]
POSITIONS = [
    "Заведующий отделением",
    "Главный внештатный специалист",
    "Профессор кафедры",
    "Врач-кардиолог",
    "Руководитель отдела",
    "Доцент кафедры",
    "Главный врач",
    "Ведущий научный сотрудник",
]
DEGREES = [("д.м.н.", "профессор"), ("к.м.н.", "доцент"), ("д.м.н.", ""), ("к.м.н.", ""), ("", "")]
BASE_RATE = {Tier.INTERNATIONAL: 25000, Tier.NATIONAL: 15000, Tier.REGIONAL: 8000, Tier.LOCAL: 5000}
SERVICE_FACTOR = {
    ServiceType.LECTURE: "1.0",
    ServiceType.ADVISORY_BOARD: "1.2",
    ServiceType.CONSULTING: "1.0",
    ServiceType.PUBLICATION: "0.8",
    ServiceType.TRAINING: "0.9",
}
TIER_FRACTION = {Tier.INTERNATIONAL: 0.95, Tier.NATIONAL: 0.75, Tier.REGIONAL: 0.6, Tier.LOCAL: 0.3}

ACTIVITY_TITLES = [
    "Статья о современной терапии",
    "Доклад на конгрессе",
    "Исследование III фазы",
    "Член правления общества",
]


def region_for(code: str, name: str) -> Region:
    return (
        Region.objects.filter(name=name).first()
        or Region.objects.filter(code=code).first()
        or Region.objects.create(code=code, name=name)
    )


def _reference():
    regions = {code: region_for(code, name) for code, name in REGIONS}
    areas = {n: TherapeuticArea.objects.get_or_create(name=n)[0] for n in AREAS}
    for name, area in PRODUCTS:
        Product.objects.get_or_create(name=name, defaults={"therapeutic_area": areas[area]})
    specialties = [Specialty.objects.get_or_create(name=n)[0] for n in SPECIALTIES]
    institutions = []
    for ext, name, kind, city, code, address, beds in INSTITUTIONS:
        inst, _ = Institution.objects.get_or_create(
            external_id=ext,
            defaults={
                "name": name,
                "kind": kind,
                "city": city,
                "region": regions[code],
                "address": address,
                "beds": beds,
            },
        )
        institutions.append(inst)
    return institutions, specialties, list(areas.values())


def _rate_cards():
    for tier, base in BASE_RATE.items():
        for service, factor in SERVICE_FACTOR.items():
            RateCard.objects.get_or_create(
                tier=tier,
                service_type=service,
                valid_from=date(2025, 1, 1),
                defaults={"fee_per_hour": (Decimal(base) * Decimal(factor)).quantize(Decimal("1"))},
            )


def _people():
    people = [p for pair in zip(MALE, FEMALE, strict=True) for p in pair]
    return people


def _experts(institutions, specialties, areas, responsible, rnd) -> list[Expert]:
    experts = []
    tiers = (
        [Tier.INTERNATIONAL] * 4
        + [Tier.NATIONAL] * 14
        + [Tier.REGIONAL] * 20
        + [Tier.LOCAL] * 12
        + [""] * 10
    )
    for i, (last, first, middle) in enumerate(_people()):
        crm_id = f"DEMO-{i + 1:04d}"
        expert = Expert.objects.filter(crm_id=crm_id).first()
        if expert is None:
            inst = institutions[i % len(institutions)]
            degree, title = DEGREES[i % len(DEGREES)]
            expert = Expert.objects.create(
                last_name=last,
                first_name=first,
                middle_name=middle,
                institution=inst,
                position=POSITIONS[i % len(POSITIONS)],
                academic_degree=degree,
                academic_title=title,
                experience_years=5 + (i * 7) % 30,
                email=f"expert{i + 1}@demo-kol.ru",
                phone=f"+7 9{10 + i % 80:02d} {100 + i:03d}-{10 + i % 89:02d}-{20 + i % 79:02d}",
                region=inst.region,
                city=inst.city,
                crm_id=crm_id,
                provider_id=f"PRV-{70000 + i}" if i % 3 else None,
                responsible=responsible[i % len(responsible)] if responsible else None,
            )
            expert.specialties.set([specialties[i % len(specialties)]])
            expert.therapeutic_areas.set([areas[i % len(areas)]])
            if i % 5 != 4:  # most experts have consented
                Consent.objects.create(
                    expert=expert,
                    text_version="2.1",
                    given_at=timezone.now() - timedelta(days=30 + i),
                )
            for k in range(i % 4):
                ProfessionalActivity.objects.create(
                    expert=expert,
                    kind=ProfessionalActivity.Kind.values[k % 4],
                    title=f"{ACTIVITY_TITLES[k % 4]}: {expert.specialties.first()}",
                    venue=[
                        "Кардиоваскулярная терапия и профилактика",
                        "Российский национальный конгресс кардиологов",
                        "Многоцентровое исследование",
                        "Российское кардиологическое общество",
                    ][k % 4],
                    year=2020 + k,
                )
        expert.demo_tier = tiers[i % len(tiers)]
        experts.append(expert)
    return experts


def _grade(experts, field, decider):
    from experts.services.grading import (
        assessment_approve,
        assessment_score,
        assessment_start,
        assessment_submit,
    )

    criteria = list(GradingCriterion.objects.filter(is_active=True))
    for n, expert in enumerate(experts):
        if not expert.demo_tier or expert.assessments.exists():
            continue
        fraction = TIER_FRACTION[expert.demo_tier]
        a = assessment_start(expert=expert, actor=field)
        scores = {
            c.pk: (round(c.max_score * fraction), "Публикации и доклады за 5 лет") for c in criteria
        }
        a = assessment_score(assessment=a, actor=field, scores=scores)
        if n % 12 == 11:
            continue  # a few drafts for the demo
        a = assessment_submit(assessment=a, actor=field)
        if n % 12 == 10:
            continue  # a few awaiting approval
        assessment_approve(assessment=a, actor=decider, comment="Демо")


def _link_kol(user, expert):
    """Link the demo KOL account to its expert; the account carries the expert's name, as one
    registered from an invitation does (contracts.cabinet.cabinet_register)."""
    if user is None:
        return
    Expert.objects.filter(user=user).exclude(pk=expert.pk).update(user=None)
    expert.user = user
    expert.email = user.email or expert.email
    expert.save(update_fields=["user", "email"])
    user.last_name, user.first_name = expert.last_name, expert.first_name
    user.middle_name = expert.middle_name
    user.save(update_fields=["last_name", "first_name", "middle_name"])
    if not Consent.objects.filter(expert=expert, withdrawn_at__isnull=True).exists():
        Consent.objects.create(
            expert=expert,
            text_version="2.1",
            given_at=timezone.now() - timedelta(days=10),
            allows_named_disclosure=True,
        )
    ExpertBankDetails.objects.get_or_create(
        expert=expert,
        defaults={
            "recipient_name": expert.full_name,
            "inn": "771234567890",
            "snils": "11223344595",
            "passport_series": "4512",
            "passport_number": "345678",
            "passport_issued_by": "ГУ МВД России по г. Москве",
            "passport_issued_on": date(2015, 6, 1),
            "bank_name": 'ПАО "Сбербанк"',
            "bik": "044525225",
            "account": f"40817810{expert.pk:012d}",
            "corr_account": "30101810400000000225",
            "verified_at": timezone.now(),
        },
    )


def seed(*, stdout=None):
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["field", "manager", "approver", "admin", "kol", "kol2"]
        )
    }
    field = users.get("field") or users.get("admin")
    manager = users.get("manager") or users.get("admin")
    with transaction.atomic():
        institutions, specialties, areas = _reference()
        _rate_cards()
        rnd = random.Random(2026)
        experts = _experts(
            institutions, specialties, areas, [u for u in (field, manager) if u], rnd
        )
        decider = users.get("approver") or users.get("admin")  # approvers decide gradings
        if field and decider and field != decider:
            _grade(experts, field, decider)
        _link_kol(users.get("kol"), experts[0])
        _link_kol(users.get("kol2"), experts[1])
    if stdout:
        stdout.write(
            f"experts: {Expert.objects.count()} experts, "
            f"{Institution.objects.count()} institutions, {RateCard.objects.count()} rate cards"
        )
