"""Benchmark: event list with filters and the event page at 340,000 events / 1.7 M budget lines.

The data (factor 100 = 100x the seed client) is generated set-based in SQL (INSERT ... SELECT
generate_series, a few minutes on 2 cores; the row-by-row generator in events/scale.py took 37
minutes): 340,000 events with one product each, 1.7 M budget lines, 680,000 participants,
165,000 experts with an active contract, one approved service order per event with its
programme item and event link, one approval request per event. It is committed and kept between
runs (--reuse-db); it is generated only while the database holds fewer events than the factor asks.

    heavy env DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_events \
        .venv/bin/pytest bench/test_events.py -q -s --reuse-db -p no:xdist

BENCH_EVENTS_FACTOR (default 100) sets the scale. PostgreSQL only.
"""

import os
import statistics
import sys
import time

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.sql import arr, insert_series, text_arr
from contracts.models import Contract, ServiceOrder
from events.models import BudgetLine, Event, EventOrder, EventType, Participant, ProgramItem
from experts.models import Expert
from kolplatform.core.models import ApprovalRequest, ApprovalRoute, Product, TherapeuticArea
from seed.scale.events import EVENTS_PER_FACTOR, LINES_PER_EVENT, _owners, _regions

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the benchmark needs PostgreSQL"),
]

FACTOR = int(os.environ.get("BENCH_EVENTS_FACTOR", "100"))
RUNS = 30
EXPERTS_PER_FACTOR = 1650
SURNAMES = [
    "Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
    "Михайлов", "Новиков", "Федоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семенов",
    "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
    "Никитин", "Захаров", "Зайцев", "Соловьев", "Борисов", "Яковлев", "Григорьев", "Романов",
    "Воробьев", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королев", "Гусев",
]  # fmt: skip
FIRST_NAMES = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Андрей", "Сергей", "Дмитрий"]
STATUSES = [s for s, _label in Event.Status.choices]


def first_id(model, n: int) -> int:
    """The id of the first of the n rows just inserted (one INSERT ... SELECT takes consecutive
    ids from the sequence; a failed earlier run may have used up ids before them)."""
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() - n + 1


def _reference(factor: int) -> dict:
    products = list(Product.objects.values_list("pk", flat=True)[:40])
    if len(products) < 10:
        area = TherapeuticArea.objects.first() or TherapeuticArea.objects.create(name="ТО")
        Product.objects.bulk_create(
            [Product(name=f"Препарат {i}", therapeutic_area=area) for i in range(40)]
        )
        products = list(Product.objects.values_list("pk", flat=True)[:40])
    return {
        "types": arr(EventType.objects.values_list("pk", flat=True)),
        "regions": arr(r.pk for r in _regions()),
        "owners": arr(u.pk for u in _owners(max(10, factor * 2))),
        "products": arr(products),
        "route": ApprovalRoute.objects.order_by("pk").values_list("pk", flat=True).first(),
        "owner": _owners(1)[0].pk,
    }


def _experts(n: int, ref: dict) -> tuple[int, int]:
    """n experts, each with an active contract (2025-2027); returns the first ids. Experts of
    an interrupted earlier run are kept."""
    done = Contract.objects.filter(number="BE-1").values_list("expert_id", "pk").first()
    if done:
        return done
    last = f"({text_arr(SURNAMES)})[1 + i % {len(SURNAMES)}]"
    first = f"({text_arr(FIRST_NAMES)})[1 + (i / {len(SURNAMES)}) % {len(FIRST_NAMES)}]"
    insert_series(Expert, n, {
        "last_name": last, "first_name": first, "middle_name": "'Б' || i",
        "search_name": f"lower({last} || ' ' || {first} || ' б' || i)", "tier": "'national'",
        "is_active": "true",
    })  # fmt: skip
    e0 = first_id(Expert, n)
    insert_series(Contract, n, {
        "number": "'BE-' || i", "expert_id": f"{e0} + i - 1", "starts_on": "date '2025-01-01'",
        "ends_on": "date '2027-12-31'", "tax_regime": "'individual'", "cap_amount": "10000000",
        "owner_id": f"({ref['owners']})[1 + i % 10]", "status": "'active'",
    })  # fmt: skip
    return e0, first_id(Contract, n)


def _events(n: int, ref: dict) -> int:
    start = "date_trunc('hour', now()) + ((i::bigint * 7919) % 1065 - 700) * interval '1 day'"
    insert_series(Event, n, {
        "title": "(ARRAY['Школа кардиолога','Симпозиум по диабету','Вебинар: АГ'])"
                 "[1 + i % 3] || ' № ' || i",
        "event_type_id": f"({ref['types']})[1 + i % cardinality({ref['types']})]",
        "status": f"({text_arr(STATUSES)})[1 + (i * 31) % {len(STATUSES)}]",
        "starts_at": start, "ends_at": f"{start} + interval '4 hours'",
        "city": "'Казань'", "venue": "'Конгресс-центр'",
        "region_id": f"({ref['regions']})[1 + (i * 13) % cardinality({ref['regions']})]",
        "owner_id": f"({ref['owners']})[1 + (i * 17) % cardinality({ref['owners']})]",
        "planned_participants": "10 + i % 290", "approved_total": "100000 + (i % 50) * 10000",
    })  # fmt: skip
    ev0 = first_id(Event, n)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_event_products (event_id, product_id) "
            f"SELECT id, ({ref['products']})[1 + id % cardinality({ref['products']})] "
            f"FROM events_event WHERE id >= {ev0}"
        )
    insert_series(BudgetLine, n * LINES_PER_EVENT, {
        "event_id": f"{ev0} + (i - 1) / {LINES_PER_EVENT}",
        "category": "(ARRAY['venue','catering','av','travel','speaker_fees'])[1 + i % 5]",
        "planned": "20000 + (i % 7) * 1000", "final": "19000 + (i % 7) * 1000",
        "actual": "(i % 9) * 2000",
    })  # fmt: skip
    insert_series(Participant, n * 2, {
        "event_id": f"{ev0} + (i - 1) / 2", "full_name": "'Участник ' || i",
        "specialty": "'Кардиология'", "badge_token": "gen_random_uuid()",
    })  # fmt: skip
    return ev0


def _speakers(n: int, ev0: int, e0: int, c0: int, experts: int, ref: dict) -> None:
    """One approved order per event, its programme item (the speaker) and its event link."""
    insert_series(ServiceOrder, n, {
        "number": "'BEO-' || i", "contract_id": f"{c0} + (i * 7) % {experts}",
        "service_type": "'lecture'", "order_date": "date '2026-01-01'", "hours": "2",
        "rate": "10000", "amount": "20000", "status": "'approved'",
        "description": "'Доклад'", "created_by_id": str(ref["owner"]),
    })  # fmt: skip
    so0 = first_id(ServiceOrder, n)
    insert_series(ProgramItem, n, {
        "event_id": f"{ev0} + i - 1", "speaker_id": f"{e0} + (i * 7) % {experts}",
        "service_order_id": f"{so0} + i - 1", "topic": "'Доклад'",
        "starts_at": "now()", "ends_at": "now() + interval '1 hour'",
    })  # fmt: skip
    insert_series(
        EventOrder, n, {"event_id": f"{ev0} + i - 1", "service_order_id": f"{so0} + i - 1"}
    )


def _approvals(n: int, ev0: int, ref: dict) -> None:
    event_type = ContentType.objects.get_for_model(Event).pk
    insert_series(ApprovalRequest, n, {
        "route_id": str(ref["route"]), "target_type_id": str(event_type),
        "target_id": f"({ev0} + i - 1)::text", "status": "'approved'",
        "requested_by_id": str(ref["owner"]), "amount": "100000",
    })  # fmt: skip


def generate(*, factor: int) -> None:
    """The whole data set for `factor` (the database must not hold scale events yet)."""
    ref = _reference(factor)
    experts = EXPERTS_PER_FACTOR * factor
    events = EVENTS_PER_FACTOR * factor
    e0, c0 = _experts(experts, ref)
    ev0 = _events(events, ref)
    _speakers(events, ev0, e0, c0, experts, ref)
    if ref["route"]:
        _approvals(events, ev0, ref)
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: statistics and the visibility map (so that
        # counts can use index-only scans).
        cursor.execute("VACUUM ANALYZE")


@pytest.fixture(scope="module")
def scale_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if Event.objects.count() < EVENTS_PER_FACTOR * FACTOR:
            started = time.perf_counter()
            generate(factor=FACTOR)
            sys.stdout.write(f"\ngenerated in {time.perf_counter() - started:.0f} s\n")
        yield {
            "events": Event.objects.count(),
            "lines": BudgetLine.objects.count(),
            "experts": Expert.objects.count(),
        }


def measure(client, url, params=None):
    client.get(url, params)  # warm-up
    times, queries = [], set()
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries.add(len(ctx.captured_queries))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return p95, statistics.median(times), queries


@pytest.fixture
def manager(django_db_blocker, scale_data):
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        return get_user_model().objects.filter(username__startswith="scale-owner-").first()


def _report(scale_data, results):
    sys.stdout.write(
        f"\n{scale_data['events']} events, {scale_data['lines']} budget lines, "
        f"{scale_data['experts']} experts; load {os.getloadavg()}\n"
    )
    for name, (p95, median, queries) in results.items():
        sys.stdout.write(
            f"{name}: p95 {p95:.1f} ms, median {median:.1f} ms, queries {sorted(queries)}\n"
        )


@pytest.mark.django_db
def test_event_list_and_page(client, scale_data, manager):
    from kolplatform.core.models import Region

    client.force_login(manager)
    region = Region.objects.first()
    event = Event.objects.filter(region=region, program_items__isnull=False).order_by("-pk").first()
    cases = {
        "list (no filter)": (reverse("events:list"), None),
        "list (status + region + period)": (
            reverse("events:list"),
            {
                "status": "approved",
                "region": region.pk,
                "date_from": "2026-01-01",
                "date_to": "2026-12-31",
            },
        ),
        "list (owner surname, page 3)": (reverse("events:list"), {"owner": "Менеджер1", "page": 3}),
        "list (type + product, last page)": (
            reverse("events:list"),
            {
                "event_type": event.event_type_id,
                "product": event.products.first().pk,
                "page": 10_000,
            },
        ),
        "event page": (reverse("events:detail", args=[event.pk]), None),
    }
    results = {name: measure(client, url, params) for name, (url, params) in cases.items()}
    _report(scale_data, results)
    for name, (p95, _median, queries) in results.items():
        assert len(queries) == 1, f"{name}: the number of queries varies"
        assert p95 < 150, f"{name}: p95 {p95:.1f} ms"
