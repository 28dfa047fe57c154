"""Volume data: 1,650 experts per unit of factor (factor 100 -> 165,000) in 110 institutions per
unit, with specialties, therapeutic areas, a responsible field employee and (four in five) a
consent (every expert with a cabinet account among them). Names combine the demo's Russian
surnames, first names and patronymics by gender.
Experts carry crm ids SCALE-<n>; all rows come from INSERT ... SELECT generate_series."""

from experts.models import Consent, Expert, Institution, Specialty
from kolplatform.core.models import Region, TherapeuticArea
from kolplatform.core.roles import Role
from seed.demo.experts import FEMALE, MALE, POSITIONS, REGIONS, SPECIALTIES
from seed.scale.sql import Run, constants, execute, ids_of_role, insert_select, table

EXPERTS_PER_FACTOR = 1650
INSTITUTIONS_PER_FACTOR = 110
CITIES = {
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
# Tier per 40 experts: 1 international, 4 national, 10 regional, 15 local, 10 not graded.
TIER_SQL = (
    "CASE WHEN mod(g, 40) = 0 THEN 'international' WHEN mod(g, 40) < 5 THEN 'national' "
    "WHEN mod(g, 40) < 15 THEN 'regional' WHEN mod(g, 40) < 30 THEN 'local' ELSE '' END"
)
TAX_SQL = (
    "CASE WHEN mod(g, 10) < 7 THEN 'individual' WHEN mod(g, 10) < 9 THEN 'self_employed' "
    "ELSE 'entrepreneur' END"
)


def seed_institutions(run: Run) -> None:
    regions = dict(Region.objects.filter(code__in=CITIES).values_list("code", "pk"))
    codes = [code for code, _ in REGIONS if code in regions]
    source, params = constants(
        region=[regions[c] for c in codes], city=[CITIES[c] for c in codes], kind=KINDS
    )
    made = insert_select(
        Institution,
        {
            "name": "k.kind[1 + mod(g, 4)] || ' ' || g",
            "region": "k.region[1 + mod(g, array_length(k.region, 1))]",
            "city": "k.city[1 + mod(g, array_length(k.region, 1))]",
            "beds": f"50 + {run.pick('g', 1, 1450)}",
            "external_id": "'SCALE-I-' || lpad(g::text, 6, '0')",
        },
        "generate_series(1, %s) g CROSS JOIN " + source,
        [INSTITUTIONS_PER_FACTOR * run.factor, *params],
    )
    run.done("institutions", made)


def seed_experts(run: Run) -> None:
    first = Institution.objects.filter(external_id="SCALE-I-000001").values_list("pk", flat=True)
    names = {
        f"{part}_{sex}": [p[i] for p in people]
        for sex, people in (("m", MALE), ("f", FEMALE))
        for i, part in enumerate(("last", "first", "middle"))
    }
    source, params = constants(pos=POSITIONS, staff=ids_of_role(Role.FIELD_STAFF), **names)
    sex = "CASE WHEN mod(g, 2) = 0 THEN k.{0}_m[1 + {1}] ELSE k.{0}_f[1 + {1}] END"
    last = sex.format("last", run.pick("g", 2, min(len(MALE), len(FEMALE))))
    first_name = sex.format("first", run.pick("g", 3, min(len(MALE), len(FEMALE))))
    middle = sex.format("middle", run.pick("g", 4, min(len(MALE), len(FEMALE))))
    made = insert_select(
        Expert,
        {
            "last_name": "k.last",
            "first_name": "k.first",
            "middle_name": "k.middle",
            "search_name": "lower(replace(k.last || ' ' || k.first || ' ' || k.middle, 'ё', 'е'))",
            "institution": "i.id",
            "region": "i.region_id",
            "city": "i.city",
            "position": "k.pos[1 + mod(g, array_length(k.pos, 1))]",
            "experience_years": "3 + mod(g, 35)",
            "email": "'scale' || g || '@example.org'",
            "crm_id": "'SCALE-' || lpad(g::text, 7, '0')",
            "responsible": f"k.staff[1 + {run.pick('g', 5, 'array_length(k.staff, 1)')}]",
            "tax_status": TAX_SQL,
            "tier": TIER_SQL,
            "is_active": "mod(g, 50) <> 0",
        },
        f"(SELECT g, {last} AS last, {first_name} AS first, {middle} AS middle, k.* "
        "FROM generate_series(1, %s) g CROSS JOIN " + source + ") k "
        f"JOIN {table(Institution)} i ON i.id = %s + {run.pick('g', 6, '%s')}",
        [EXPERTS_PER_FACTOR * run.factor, *params, first[0], INSTITUTIONS_PER_FACTOR * run.factor],
    )
    run.done("experts", made)


def seed_links(run: Run) -> None:
    scale = f"SELECT id FROM {table(Expert)} WHERE crm_id LIKE 'SCALE-%%'"
    specialties = [Specialty.objects.get_or_create(name=n)[0].pk for n in SPECIALTIES]
    areas = list(TherapeuticArea.objects.order_by("pk").values_list("pk", flat=True))
    source, params = constants(spec=specialties, area=areas)
    made = execute(
        f"INSERT INTO {table(Expert.specialties.through)} (expert_id, specialty_id) "  # nosec B608
        f"SELECT e.id, k.spec[1 + mod(e.id, array_length(k.spec, 1))] FROM ({scale}) e "
        f"CROSS JOIN {source}",
        params,
        analyze=table(Expert.specialties.through),
    )
    made += execute(
        f"INSERT INTO {table(Expert.therapeutic_areas.through)} "  # nosec B608
        "(expert_id, therapeuticarea_id) "
        f"SELECT e.id, k.area[1 + mod(e.id, array_length(k.area, 1))] FROM ({scale}) e "
        f"CROSS JOIN {source}",
        params,
        analyze=table(Expert.therapeutic_areas.through),
    )
    run.done("specialties, areas", made)
    made = insert_select(
        Consent,
        {
            "expert": "e.id",
            "text_version": "'2.1'",
            "given_at": f"{run.now} - make_interval(days => mod(e.id, 700)::int)",
        },
        f"({scale}) e WHERE mod(e.id, 5) <> 1",
        [],
    )
    run.done("consents", made)


def seed_scale(*, run: Run) -> None:
    run.begin("experts", 4)
    seed_institutions(run)
    seed_experts(run)
    seed_links(run)
