"""Performance data: 3,400 events a year per unit of factor (factor 100: 340,000), over the past
nine months and the next three, owned by the marketing managers; each with one or two products,
five budget lines, two speakers from the experts under contract, participants (ten per event that
has taken place: bounded, the seed client's 150 a meeting would be 50 M rows at factor 100), and
its budget approval: pending for the events in approval, decided step by step for the others.
Every table is written by one INSERT ... SELECT."""

from django.contrib.contenttypes.models import ContentType

from contracts.models import Contract
from events.models import BudgetLine, Event, EventType, Participant, ProgramItem
from experts.models import Expert
from kolplatform.core.models import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRoute,
    ApprovalStep,
    Product,
    Region,
)
from kolplatform.core.roles import Role
from seed.scale.sql import Run, constants, execute, ids_of_role, insert_select, table

EVENTS_PER_FACTOR = 3400
LINES_PER_EVENT = 5
SPEAKERS_PER_EVENT = 2
PARTICIPANTS_PER_PAST_EVENT = 10
DAYS_BACK, DAYS_AHEAD = 270, 95  # one year of events around today
CITIES = [
    "Москва",
    "Санкт-Петербург",
    "Казань",
    "Новосибирск",
    "Екатеринбург",
    "Самара",
    "Нижний Новгород",
    "Краснодар",
    "Ростов-на-Дону",
    "Уфа",
    "Пермь",
    "Воронеж",
]
TITLES = [
    "Школа кардиолога",
    "Симпозиум по диабету",
    "Круглый стол: ХСН",
    "Вебинар: АГ",
    "Экспертный совет по онкологии",
    "Конференция неврологов",
    "Школа эндокринолога",
]
CATEGORIES = ["venue", "catering", "av", "travel", "speaker_fees"]
# Status by date: past events mostly closed, future ones in preparation (percent of g mod 100).
STATUS_SQL = (
    "CASE WHEN e.start < {now} - interval '30 days' THEN CASE WHEN e.r < 75 THEN 'closed' "
    "WHEN e.r < 85 THEN 'closing' WHEN e.r < 95 THEN 'held' ELSE 'cancelled' END "
    "WHEN e.start < {now} THEN CASE WHEN e.r < 60 THEN 'held' WHEN e.r < 95 THEN 'closing' "
    "ELSE 'cancelled' END "
    "ELSE CASE WHEN e.r < 20 THEN 'draft' WHEN e.r < 45 THEN 'budget_approval' "
    "WHEN e.r < 95 THEN 'approved' ELSE 'budget_reapproval' END END"
)
UNAPPROVED = ("draft", "budget_approval")
# One decision per step of an approved request, by a user of the step's role (n-th of the role).
DECISIONS = (
    "WITH deciders AS (SELECT gr.name AS role, ug.user_id, row_number() OVER "  # nosec B608
    "(PARTITION BY gr.name ORDER BY ug.user_id) AS n, count(*) OVER (PARTITION BY gr.name) AS c "
    "FROM core_user_groups ug JOIN auth_group gr ON gr.id = ug.group_id), "
    "sized AS (SELECT DISTINCT role, c FROM deciders) "
    "INSERT INTO {decision} (request_id, step_id, decided_by_id, outcome, comment, created_at) "
    "SELECT q.id, st.id, d.user_id, 'approved', '', q.decided_at "
    "FROM {request} q JOIN {step} st ON st.route_id = q.route_id "
    "AND (st.min_amount IS NULL OR st.min_amount <= q.amount) "
    "JOIN sized z ON z.role = st.role "
    "JOIN deciders d ON d.role = st.role AND d.n = 1 + mod(q.id, z.c) "
    "WHERE q.status = 'approved' AND q.target_type_id = {event_ct}"
)


def missing() -> list[str]:
    """The event types and the events' approval route (made by the migrations), when absent."""
    lacking = []
    if not EventType.objects.filter(is_active=True).exists():
        lacking.append("an active event type")
    event_ct = ContentType.objects.get_for_model(Event)
    routed = EventType.objects.filter(is_active=True, approval_route__isnull=False).exists()
    if (
        not routed
        and not ApprovalRoute.objects.filter(is_active=True, target_type=event_ct).exists()
    ):
        lacking.append("an active approval route for events")
    return lacking


def seed_events(run: Run) -> None:
    types = list(
        EventType.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    source, params = constants(
        type=types,
        region=regions,
        city=CITIES,
        title=TITLES,
        owner=ids_of_role(Role.MARKETING_MANAGER),
    )
    span = (DAYS_BACK + DAYS_AHEAD) * 24 * 60
    inner = (
        f"SELECT g, k.*, {run.pick('g', 11, 100)} AS r, {run.now} + make_interval(mins => "
        f"({run.pick('g', 12, span)} - {DAYS_BACK * 24 * 60})::int) AS start "
        "FROM generate_series(1, %s) g CROSS JOIN " + source
    )
    status = STATUS_SQL.format(now=run.now)
    made = insert_select(
        Event,
        {
            "title": "e.title[1 + mod(g, array_length(e.title, 1))] || ' № ' || g",
            "event_type": f"e.type[1 + {run.pick('g', 13, 'array_length(e.type, 1)')}]",
            "format": "CASE WHEN mod(g, 5) = 0 THEN 'online' ELSE 'offline' END",
            "status": status,
            "starts_at": "date_trunc('hour', e.start)",
            "ends_at": "date_trunc('hour', e.start) + interval '4 hours'",
            "city": "e.city[1 + mod(g, array_length(e.city, 1))]",
            "venue": "'Конгресс-центр'",
            "region": f"e.region[1 + {run.pick('g', 14, 'array_length(e.region, 1)')}]",
            "owner": f"e.owner[1 + {run.pick('g', 15, 'array_length(e.owner, 1)')}]",
            "planned_participants": f"10 + {run.pick('g', 16, 290)}",
            "approved_total": f"CASE WHEN {status} IN {UNAPPROVED} THEN NULL "
            f"ELSE (50 + {run.pick('g', 17, 2950)}) * 1000 END",
        },
        f"({inner}) e",
        [EVENTS_PER_FACTOR * run.factor, *params],
    )
    run.done("events", made)


def seed_products(run: Run) -> None:
    products = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    source, params = constants(product=products)
    count = "array_length(k.product, 1)"
    made = execute(
        f"INSERT INTO {table(Event.products.through)} (event_id, product_id) "  # nosec B608
        f"SELECT DISTINCT e.id, k.product[1 + {run.pick('e.id * 3 + n', 21, count)}] "
        f"FROM {table(Event)} e CROSS JOIN generate_series(0, 1) n CROSS JOIN {source} "
        "WHERE n = 0 OR mod(e.id, 3) = 0",
        params,
        analyze=table(Event.products.through),
    )
    run.done("event products", made)


def seed_budget(run: Run) -> None:
    source, params = constants(cat=CATEGORIES)
    made = insert_select(
        BudgetLine,
        {
            "event": "e.id",
            "category": "k.cat[n]",
            "planned": "p.amount",
            "final": "p.amount",
            "actual": "CASE WHEN e.status IN ('held', 'closing', 'closed') THEN p.amount "
            "ELSE 0 END",
        },
        f"{table(Event)} e CROSS JOIN generate_series(1, {LINES_PER_EVENT}) n CROSS JOIN {source} "
        f"CROSS JOIN LATERAL (SELECT (5 + {run.pick('e.id * 8 + n', 22, 395)}) * 1000 AS amount) p",
        params,
    )
    run.done("budget lines", made)


def seed_speakers(run: Run) -> None:
    speakers = list(
        Contract.objects.filter(status=Contract.Status.ACTIVE)
        .order_by("expert_id")
        .values_list("expert_id", flat=True)
        .distinct()
    )
    if not speakers:
        speakers = list(Expert.objects.order_by("pk").values_list("pk", flat=True)[:1000])
    source, params = constants(speaker=speakers, title=TITLES)
    made = insert_select(
        ProgramItem,
        {
            "event": "e.id",
            "starts_at": "e.starts_at + make_interval(hours => n - 1)",
            "ends_at": "e.starts_at + make_interval(hours => n)",
            "topic": "'Доклад ' || n || ': ' || k.title[1 + mod(e.id + n, cardinality(k.title))]",
            "speaker": f"k.speaker[1 + {run.pick('e.id * 4 + n', 31, 'cardinality(k.speaker)')}]",
        },
        f"{table(Event)} e CROSS JOIN generate_series(1, {SPEAKERS_PER_EVENT}) n "
        f"CROSS JOIN {source} WHERE e.status <> 'draft'",
        params,
    )
    run.done("speakers", made)


def seed_participants(run: Run) -> None:
    first = Expert.objects.filter(crm_id="SCALE-0000001").values_list("pk", flat=True)
    count = Expert.objects.filter(crm_id__startswith="SCALE-").count()
    made = insert_select(
        Participant,
        {
            "event": "e.id",
            "expert": f"CASE WHEN n <= 3 THEN {first[0]} + {run.pick('e.id * 16 + n', 41, count)} "
            "END",
            "full_name": "'Участник ' || e.id || '-' || n",
            "institution_name": "'Городская клиническая больница № ' || mod(e.id + n, 90)",
            "specialty": "'Кардиология'",
            "status": "CASE WHEN e.status = 'cancelled' THEN 'declined' WHEN mod(n, 5) = 0 "
            "THEN 'confirmed' ELSE 'attended' END",
            "badge_token": f"md5('{run.seed}-' || e.id || '-' || n)::uuid",
        },
        f"{table(Event)} e CROSS JOIN generate_series(1, {PARTICIPANTS_PER_PAST_EVENT}) n "
        f"WHERE e.starts_at < {run.now}",
        [],
    )
    run.done("participants", made)


def seed_approvals(run: Run) -> None:
    event_ct = ContentType.objects.get_for_model(Event).pk
    route = (
        f"COALESCE(t.approval_route_id, (SELECT r.id FROM {table(ApprovalRoute)} r "
        f"WHERE r.is_active AND r.target_type_id = {event_ct} "
        "AND (r.min_amount IS NULL OR r.min_amount <= s.amount) "
        "AND (r.max_amount IS NULL OR r.max_amount > s.amount) "
        "ORDER BY r.min_amount DESC NULLS LAST, r.id LIMIT 1))"
    )
    first_step = (
        f"(SELECT st.id FROM {table(ApprovalStep)} st WHERE st.route_id = a.route "
        "ORDER BY st.order LIMIT 1)"
    )
    asking = "a.status IN ('budget_approval', 'budget_reapproval')"
    made = insert_select(
        ApprovalRequest,
        {
            "route": "a.route",
            "target_type": str(event_ct),
            "target_id": "a.id::text",
            "purpose": "CASE WHEN a.status = 'budget_reapproval' THEN 'reapproval' "
            "ELSE 'approval' END",
            "amount": "a.amount",
            "status": f"CASE WHEN {asking} THEN 'pending' ELSE 'approved' END",
            "current_step": f"CASE WHEN {asking} THEN {first_step} END",
            "step_started_at": "a.created",
            "requested_by": "a.owner_id",
            "created_at": "a.created",
            "decided_at": f"CASE WHEN {asking} THEN NULL ELSE a.created + interval '2 days' END",
        },
        f"(SELECT e.id, e.status, e.owner_id, s.amount, {route} AS route, "
        "LEAST(e.starts_at - interval '30 days', " + run.now + ") AS created "
        f"FROM {table(Event)} e JOIN {table(EventType)} t ON t.id = e.event_type_id "
        f"JOIN (SELECT event_id, sum(planned) AS amount FROM {table(BudgetLine)} "
        "GROUP BY event_id) s "
        "ON s.event_id = e.id WHERE e.status <> 'draft') a",
        [],
    )
    run.done("approval requests", made)
    made = execute(
        DECISIONS.format(
            decision=table(ApprovalDecision),
            request=table(ApprovalRequest),
            step=table(ApprovalStep),
            event_ct=event_ct,
        ),
        [],
        analyze=table(ApprovalDecision),
    )
    run.done("approval decisions", made)


def seed_scale(*, run: Run) -> None:
    run.begin("events", 7)
    seed_events(run)
    seed_products(run)
    seed_budget(run)
    seed_speakers(run)
    seed_participants(run)
    seed_approvals(run)
