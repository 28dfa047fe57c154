"""Benchmark: the plan-vs-fact dashboard at 100x the seed client (PostgreSQL only).

Data (generated here with INSERT ... SELECT generate_series, a few minutes on 2 cores):
340,000 events in one year (the worst case: a year filter covers all of them), 1.7 M budget
lines, 680,000 participants, 165,000 experts and contracts, 500,000 service orders, acts, payouts
and programme items, 100,000 surveys with 200,000 answers, plans and KPI targets.

Measured in one run: the dashboard's server time (Django test client, whole response) for filter
combinations, p50/p95 of 15 requests each; and the raw SQL aggregate that computes the same
numbers straight from the base tables (the live view analytics_bi_event_facts). Figures go to
docs/performance/analytics.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_analytics \
        .venv/bin/pytest bench/test_analytics.py -q -s

The data is committed (a transactional test), generated once per session and flushed at the end.
"""

import gc
import statistics
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from analytics.models import KpiTarget, Plan
from analytics.services import facts_refresh
from bench.sql import arr, insert_series
from contracts.models import Act, Contract, ServiceOrder
from events.models import BudgetLine, Event, EventType, Participant, ProgramItem
from experts.models import Expert
from feedback.models import Answer, Question, Response, Survey, SurveyTemplate
from kolplatform.core.models import Currency, Product, Region, TherapeuticArea, User
from kolplatform.core.roles import Role
from payments.models import Payout

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the benchmark needs PostgreSQL"),
]

EVENTS = 340_000
LINES_PER_EVENT = 5
PAYOUTS = 500_000
EXPERTS = 165_000
SURVEYS = 100_000
REQUESTS = 15


def first_id(model) -> int:
    return model.objects.order_by("pk").values_list("pk", flat=True).first()


def generate():
    Currency.objects.get_or_create(code="RUB", defaults={"name": "Российский рубль"})
    tas = TherapeuticArea.objects.bulk_create([TherapeuticArea(name=f"ТО {i}") for i in range(10)])
    products = Product.objects.bulk_create(
        [Product(name=f"Препарат {i}", therapeutic_area=tas[i % 10]) for i in range(40)]
    )
    regions = Region.objects.bulk_create(
        [Region(code=f"B{i:02d}", name=f"Регион {i}") for i in range(85)]
    )
    types = EventType.objects.bulk_create(
        [EventType(code=f"type{i}", name=f"Тип {i}") for i in range(6)]
    )
    managers = User.objects.bulk_create(
        [User(username=f"bench{i}", last_name=f"Менеджер {i}") for i in range(160)]
    )
    group, _ = Group.objects.get_or_create(name=Role.MARKETING_MANAGER)
    group.user_set.add(*managers)  # the dashboard's manager filter offers managers only
    m, p, r, t, ta = (arr(o.pk for o in x) for x in (managers, products, regions, types, tas))
    insert_series(Expert, EXPERTS, {
        "last_name": "'Эксперт ' || i", "first_name": "'Имя'", "search_name": "'эксперт ' || i",
        "tier": "'national'",
    })  # fmt: skip
    e0 = first_id(Expert)
    status = (
        "(ARRAY['cancelled','draft','draft','budget_approval','approved','approved','held',"
        "'held','held','held','held','held','held','held','closing','closing','closing',"
        "'closed','closed','closed'])[1 + i % 20]"
    )
    insert_series(Event, EVENTS, {
        "title": "'Мероприятие ' || i", "event_type_id": f"({t})[1 + i % 6]", "status": status,
        "starts_at": "timestamptz '2026-01-01 09:00+03' + (i % 365) * interval '1 day'",
        "ends_at": "timestamptz '2026-01-01 13:00+03' + (i % 365) * interval '1 day'",
        "region_id": f"({r})[1 + i % 85]", "therapeutic_area_id": f"({ta})[1 + i % 10]",
        "owner_id": f"({m})[1 + (i / 7) % 160]", "approved_total": "100000 + (i % 50) * 1000",
        "planned_participants": "40",
    })  # fmt: skip
    ev0 = first_id(Event)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO events_event_products (event_id, product_id) "
            f"SELECT id, ({p})[1 + id % 40] FROM events_event UNION ALL "
            f"SELECT id, ({p})[1 + (id + 1) % 40] FROM events_event WHERE id % 5 = 0"
        )
    insert_series(BudgetLine, EVENTS * LINES_PER_EVENT, {
        "event_id": f"{ev0} + (i - 1) / {LINES_PER_EVENT}",
        "category": "(ARRAY['venue','catering','travel','speaker_fees','av'])[1 + i % 5]",
        "planned": "20000 + (i % 7) * 1000", "final": "19000 + (i % 7) * 1000",
        "actual": "(i % 9) * 2000",
    })  # fmt: skip
    insert_series(Participant, EVENTS * 2, {
        "event_id": f"{ev0} + (i - 1) / 2", "full_name": "'Участник ' || i",
        "specialty": "(ARRAY['Кардиология','Неврология','Терапия'])[1 + i % 3]",
        "status": "CASE WHEN i % 4 = 0 THEN 'invited' ELSE 'attended' END",
    })  # fmt: skip
    insert_series(Contract, EXPERTS, {
        "number": "'BK-' || i", "expert_id": f"{e0} + i - 1", "starts_on": "date '2026-01-01'",
        "ends_on": "date '2027-12-31'", "tax_regime": "'individual'", "cap_amount": "1000000",
        "owner_id": f"({m})[1 + i % 160]", "status": "'active'",
    })  # fmt: skip
    c0 = first_id(Contract)
    insert_series(ServiceOrder, PAYOUTS, {
        "number": "'BZ-' || i", "contract_id": f"{c0} + (i - 1) % {EXPERTS}",
        "service_type": "'lecture'", "order_date": "date '2026-01-01' + i % 365", "hours": "2",
        "rate": "10000", "amount": "20000 + (i % 10) * 1000", "created_by_id": f"({m})[1]",
    })  # fmt: skip
    so0 = first_id(ServiceOrder)
    insert_series(Act, PAYOUTS, {
        "number": "'BA-' || i", "order_id": f"{so0} + i - 1",
        "act_date": "date '2026-01-01' + i % 365", "actual_hours": "2",
        "amount": "20000 + (i % 10) * 1000",
    })  # fmt: skip
    a0 = first_id(Act)
    insert_series(Payout, PAYOUTS, {
        "act_id": f"{a0} + i - 1", "expert_id": f"{e0} + (i - 1) % {EXPERTS}",
        "contract_id": f"{c0} + (i - 1) % {EXPERTS}", "tax_regime": "'individual'",
        "gross": "20000 + (i % 10) * 1000", "withholding": "(20000 + (i % 10) * 1000) * 0.13",
        "net": "(20000 + (i % 10) * 1000) * 0.87", "due_date": "date '2026-01-15' + i % 365",
        "status": "CASE WHEN i % 4 = 0 THEN 'ready' ELSE 'paid' END",
        "paid_at": "CASE WHEN i % 4 = 0 THEN NULL ELSE date '2026-01-20' + i % 365 END",
    })  # fmt: skip
    insert_series(ProgramItem, PAYOUTS, {
        "event_id": f"{ev0} + (i - 1) % {EVENTS}", "speaker_id": f"{e0} + (i - 1) % {EXPERTS}",
        "service_order_id": f"{so0} + i - 1", "topic": "'Доклад'",
        "starts_at": "timestamptz '2026-01-01 09:00+03'",
        "ends_at": "timestamptz '2026-01-01 10:00+03'",
    })  # fmt: skip
    template = SurveyTemplate.objects.create(name="Стандарт")
    rating = Question.objects.create(template=template, order=1, kind="rating", text="Оценка")
    nps = Question.objects.create(template=template, order=2, kind="nps", text="NPS")
    insert_series(Survey, SURVEYS, {
        "event_id": f"{ev0} + (i - 1) * 3", "template_id": str(template.pk),
        "token": "'bench-' || i", "opens_at": "now()", "closes_at": "now()",
    })  # fmt: skip
    s0 = first_id(Survey)
    insert_series(Response, SURVEYS, {"survey_id": f"{s0} + i - 1", "device_id": "'d'"})
    r0 = first_id(Response)
    insert_series(Answer, SURVEYS * 2, {
        "response_id": f"{r0} + (i - 1) / 2",
        "question_id": f"CASE WHEN i % 2 = 0 THEN {rating.pk} ELSE {nps.pk} END",
        "value_int": "CASE WHEN i % 2 = 0 THEN 3 + i % 3 ELSE 5 + i % 6 END",
    })  # fmt: skip
    Plan.objects.bulk_create(
        [
            Plan(year=2026, product=products[i % 40], region=regions[i % 85],
                 manager=managers[i % 160], event_type=types[i % 6], events=50,
                 participants=1000, experts=20, budget=Decimal("2500000"))
            for i in range(2000)
        ]
    )  # fmt: skip
    KpiTarget.objects.bulk_create(
        [
            KpiTarget(manager=u, year=2026, events_held=1500, participants=3000,
                      cost_per_participant=Decimal("30000"), feedback_score=Decimal("4"))
            for u in managers
        ]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


RAW_WHERE = {
    "product": "f.event_id IN (SELECT event_id FROM events_event_products WHERE product_id = %s)",
    "region": "f.region_id = %s",
    "manager": "f.owner_id = %s",
    "event_type": "f.event_type_id = %s",
    "expert": "f.event_id IN (SELECT event_id FROM events_programitem WHERE speaker_id = %s)",
}
RAW_SUMMARY = """
SELECT COUNT(*) FILTER (WHERE status <> 'cancelled'),
       COUNT(*) FILTER (WHERE status IN ('held','closing','closed')),
       COUNT(*) FILTER (WHERE status = 'cancelled'),
       SUM(participants), SUM(target_participants),
       SUM(approved_total) FILTER (WHERE status IN
           ('approved','budget_reapproval','held','closing','closed')),
       SUM(budget_final), SUM(budget_actual), SUM(fees_paid), SUM(total_cost),
       SUM(rating_sum), SUM(rating_count), SUM(nps_promoters), SUM(nps_detractors)
FROM analytics_bi_event_facts f WHERE {where}
"""
RAW_BY_REGION = (
    "SELECT region_id, COUNT(*), SUM(participants), SUM(total_cost) "
    "FROM analytics_bi_event_facts f WHERE {where} GROUP BY region_id"
)
RAW_BY_MONTH = (
    "SELECT date_trunc('month', starts_at AT TIME ZONE 'Europe/Moscow'), COUNT(*), "
    "SUM(total_cost) FROM analytics_bi_event_facts f WHERE {where} GROUP BY 1"
)


def raw_sql_seconds(params: dict) -> float:
    """The same figures computed from the base tables in raw SQL (one run: it takes seconds)."""
    clauses = ["f.starts_at >= %s", "f.starts_at < %s"]
    values = ["2026-01-01T00:00:00+03:00", "2027-01-01T00:00:00+03:00"]
    if params.get("quarter"):
        q = params["quarter"]
        values = [f"2026-{3 * q - 2:02d}-01T00:00:00+03:00",
                  f"2026-{3 * q + 1:02d}-01T00:00:00+03:00" if q < 4 else values[1]]  # fmt: skip
    for name, clause in RAW_WHERE.items():
        if params.get(name):
            clauses.append(clause)
            values.append(params[name])
    where = " AND ".join(clauses)
    best = None
    for _ in range(1):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in (RAW_SUMMARY, RAW_BY_REGION, RAW_BY_MONTH):
                cursor.execute(sql.format(where=where), values)
                cursor.fetchall()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


@pytest.fixture(scope="session")
def bench_data(django_db_setup, django_db_blocker):
    """Generate once and commit (no test transaction): the data outlives the run."""
    with django_db_blocker.unblock():
        timings = {"generated": None}
        if KpiTarget.objects.filter(year=2026).count() < 160:  # the last step of generate()
            started = time.perf_counter()
            generate()
            timings["generated"] = time.perf_counter() - started
        started = time.perf_counter()
        run = facts_refresh()
        timings["refreshed"] = time.perf_counter() - started
        assert run.rows == EVENTS
        with connection.cursor() as cursor:
            # What autovacuum does on a live database after such a load (statistics and the
            # visibility map); measuring while it runs measures autovacuum.
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        ref = {
            "products": list(Product.objects.filter(name__startswith="Препарат ").order_by("pk")),
            "regions": list(Region.objects.filter(code__startswith="B").order_by("pk")),
            "types": list(EventType.objects.filter(code__startswith="type").order_by("pk")),
            "managers": list(User.objects.filter(username__startswith="bench").order_by("pk")),
        }
        yield ref, timings, run


def test_dashboard_at_100x(bench_data):
    ref, timings, run = bench_data
    generated, refreshed = timings["generated"] or 0, timings["refreshed"]
    admin, _ = User.objects.get_or_create(
        username="benchadmin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    p, r, t, m = ref["products"][3], ref["regions"][7], ref["types"][2], ref["managers"][11]
    kol = ProgramItem.objects.order_by("pk").values_list("speaker_id", flat=True).first()
    scenarios = {
        "year (all 340k events)": {},
        "product": {"product": p.pk},
        "product + region": {"product": p.pk, "region": r.pk},
        "quarter + manager": {"quarter": 2, "manager": m.pk},
        "event type + region": {"event_type": t.pk, "region": r.pk},
        "KOL (per-event table)": {"expert": kol},
    }
    url = reverse("analytics:dashboard")
    client.get(url, {"year": 2026})  # the application fully loaded, as in a worker
    gc.collect()
    gc.freeze()  # what kolplatform/wsgi.py does in every web worker after start-up
    print(f"\ngenerated in {generated:.0f} s; facts refresh {refreshed:.1f} s ({run.rows} rows)")
    print("| filters | dashboard p50 ms | dashboard p95 ms | raw SQL ms | ratio |")
    print("|---|---|---|---|---|")
    filtered_p95 = []
    for name, params in scenarios.items():
        timings = []
        client.get(url, {"year": 2026, **params})  # warm caches
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url, {"year": 2026, **params})
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        raw = raw_sql_seconds(params) * 1000
        print(f"| {name} | {statistics.median(timings):.0f} | {p95:.0f} | {raw:.0f} | "
              f"{p95 / raw:.2f} |")  # fmt: skip
        assert p95 <= 2 * raw
        filtered_p95.append((name, p95))
    slow = [(name, round(p95)) for name, p95 in filtered_p95 if p95 >= 300]
    assert not slow, f"p95 >= 300 ms: {slow}"
