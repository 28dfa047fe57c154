"""Volume data: 1,650 experts per unit of factor (factor 100 -> 165,000) with institutions,
specialties, therapeutic areas and consents, written with bulk_create in batches.

Idempotent: experts carry crm ids SCALE-<n>; existing ones are not created again."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from experts.models import Consent, Expert, Institution, Specialty, Tier, normalize_name
from kolplatform.core.models import TherapeuticArea
from seed.demo.experts import FEMALE, MALE, POSITIONS, REGIONS, SPECIALTIES, region_for

EXPERTS_PER_FACTOR = 1650
INSTITUTIONS_PER_FACTOR = 110
BATCH = 5000
CITY_OF_REGION = {
    "77": "Москва",
    "78": "Санкт-Петербург",
    "54": "Новосибирск",
    "66": "Екатеринбург",
    "16": "Казань",
    "52": "Нижний Новгород",
    "63": "Самара",
    "61": "Ростов-на-Дону",
    "23": "Краснодар",
    "70": "Томск",
    "24": "Красноярск",
    "36": "Воронеж",
}
KINDS = [
    "Городская клиническая больница №",
    "Областная больница №",
    "Поликлиника №",
    "Медицинский центр №",
]
TIERS = (
    [Tier.INTERNATIONAL]
    + [Tier.NATIONAL] * 4
    + [Tier.REGIONAL] * 10
    + [Tier.LOCAL] * 15
    + [""] * 10
)


def _institutions(count: int, regions, rnd) -> list[int]:
    existing = list(
        Institution.objects.filter(external_id__startswith="SCALE-I-").values_list("pk", flat=True)
    )
    new = []
    for n in range(len(existing), count):
        region = regions[n % len(regions)]
        new.append(
            Institution(
                name=f"{KINDS[n % len(KINDS)]} {n + 1}",
                city=CITY_OF_REGION.get(region.code, ""),
                region=region,
                beds=rnd.randint(50, 1500),
                external_id=f"SCALE-I-{n + 1:06d}",
            )
        )
    Institution.objects.bulk_create(new, batch_size=BATCH)
    return list(
        Institution.objects.filter(external_id__startswith="SCALE-I-").values_list(
            "pk", "region_id", "city"
        )
    )


def _expert(n: int, inst, people, rnd) -> Expert:
    last, first, middle = people[n % len(people)]
    suffix = n // len(people)
    last = f"{last}-{suffix}" if suffix % 7 else last  # some namesakes, mostly distinct
    expert = Expert(
        last_name=last,
        first_name=first,
        middle_name=middle,
        institution_id=inst[0],
        region_id=inst[1],
        city=inst[2],
        position=POSITIONS[n % len(POSITIONS)],
        experience_years=3 + n % 35,
        email=f"scale{n}@example.org",
        crm_id=f"SCALE-{n:07d}",
        tier=TIERS[n % len(TIERS)],
        is_active=n % 50 != 0,
    )
    expert.search_name = normalize_name(expert.full_name)
    return expert


def seed_scale(*, factor: int, stdout=None) -> int:
    rnd = random.Random(factor)
    regions = [region_for(code, name) for code, name in REGIONS]
    specialties = [Specialty.objects.get_or_create(name=n)[0].pk for n in SPECIALTIES]
    areas = list(TherapeuticArea.objects.values_list("pk", flat=True))
    institutions = _institutions(INSTITUTIONS_PER_FACTOR * factor, regions, rnd)
    people = [p for pair in zip(MALE, FEMALE, strict=True) for p in pair]
    target = EXPERTS_PER_FACTOR * factor
    start = Expert.objects.filter(crm_id__startswith="SCALE-").count()
    now = timezone.now()
    for offset in range(start, target, BATCH):
        with transaction.atomic():
            batch = [
                _expert(n, institutions[n % len(institutions)], people, rnd)
                for n in range(offset, min(offset + BATCH, target))
            ]
            created = Expert.objects.bulk_create(batch, batch_size=BATCH)
            through = Expert.specialties.through
            through.objects.bulk_create(
                [
                    through(expert_id=e.pk, specialty_id=specialties[e.pk % len(specialties)])
                    for e in created
                ],
                batch_size=BATCH,
            )
            if areas:
                area_through = Expert.therapeutic_areas.through
                area_through.objects.bulk_create(
                    [
                        area_through(expert_id=e.pk, therapeuticarea_id=areas[e.pk % len(areas)])
                        for e in created
                    ],
                    batch_size=BATCH,
                )
            Consent.objects.bulk_create(
                [
                    Consent(
                        expert_id=e.pk,
                        text_version="2.1",
                        given_at=now - timedelta(days=e.pk % 700),
                    )
                    for e in created
                    if e.pk % 5
                ],
                batch_size=BATCH,
            )
        if stdout:
            stdout.write(f"experts: {min(offset + BATCH, target)} / {target}")
    return target
