"""Demo events: ~25 events in Russian cities in every state, with programmes (demo experts with an
active contract when present), budgets, vendors and requests, notices, tasks and checklists.
Idempotent: events are keyed by title."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contracts.models import Contract, ServiceOrder
from events import upstream
from events.closing import checklist_create
from events.models import (
    BudgetLine,
    ChecklistItem,
    Event,
    EventOrder,
    EventType,
    Participant,
    ProgramItem,
    RegulatorNotice,
    Task,
    Vendor,
    VendorRequest,
)
from events.notices import notice_dates
from events.services import PURPOSE_APPROVAL, PURPOSE_REAPPROVAL, budget_totals, route_for
from kolplatform.core.approvals import approval_request_start
from kolplatform.core.models import Product, TherapeuticArea
from seed.demo import event_history

S = Event.Status
SPEAKER_FEE = Decimal("30000")
# title, type, city, days from today, status, participants
EVENTS = [
    (
        "Школа кардиолога: хроническая сердечная недостаточность",
        "school",
        "Москва",
        95,
        S.DRAFT,
        40,
    ),
    (
        "Симпозиум «Сахарный диабет 2 типа: новые цели»",
        "symposium",
        "Санкт-Петербург",
        120,
        S.DRAFT,
        150,
    ),
    ("Вебинар «Артериальная гипертензия у молодых»", "webinar", "", 80, S.BUDGET_APPROVAL, 300),
    ("Круглый стол по фибрилляции предсердий", "round_table", "Казань", 75, S.BUDGET_APPROVAL, 25),
    ("Экспертный совет по онкогематологии", "advisory_board", "Москва", 40, S.BUDGET_APPROVAL, 12),
    (
        "Сателлитный симпозиум на Российском национальном конгрессе кардиологов",
        "satellite",
        "Екатеринбург",
        70,
        S.APPROVED,
        200,
    ),
    ("Школа эндокринолога в Новосибирске", "school", "Новосибирск", 65, S.APPROVED, 45),
    (
        "Встреча в кардиологическом отделении ГКБ № 15",
        "department_meeting",
        "Москва",
        20,
        S.APPROVED,
        20,
    ),
    (
        "Обучение медицинских представителей: новые показания",
        "training",
        "Самара",
        62,
        S.APPROVED,
        30,
    ),
    ("Конгресс «Неврология сегодня»", "congress", "Санкт-Петербург", 100, S.BUDGET_REAPPROVAL, 400),
    ("Школа невролога: мигрень", "school", "Нижний Новгород", 68, S.BUDGET_REAPPROVAL, 35),
    ("Медицинский опрос о терапии ХОБЛ", "medical_survey", "", 30, S.APPROVED, 100),
    ("Сбор клинических случаев: редкие заболевания", "case_collection", "", 45, S.DRAFT, 20),
    ("Школа гастроэнтеролога в Краснодаре", "school", "Краснодар", -3, S.HELD, 38),
    ("Симпозиум по хронической болезни почек", "symposium", "Ростов-на-Дону", -6, S.HELD, 120),
    ("Вебинар «Дислипидемия: клинические случаи»", "webinar", "", -10, S.CLOSING, 250),
    (
        "Круглый стол «Антикоагулянты в практике терапевта»",
        "round_table",
        "Уфа",
        -14,
        S.CLOSING,
        22,
    ),
    ("Школа пульмонолога: астма", "school", "Пермь", -20, S.CLOSING, 30),
    ("Конференция «Сердечно-сосудистый риск»", "congress", "Воронеж", -40, S.CLOSED, 320),
    ("Школа кардиолога в Казани", "school", "Казань", -55, S.CLOSED, 42),
    ("Экспертный совет по диабетической нефропатии", "advisory_board", "Москва", -60, S.CLOSED, 10),
    ("Симпозиум по остеопорозу", "symposium", "Самара", 50, S.CANCELLED, 90),
    ("Вебинар для терапевтов: ожирение", "webinar", "", 15, S.CANCELLED, 500),
    ("Школа ревматолога", "school", "Екатеринбург", 150, S.DRAFT, 35),
    (
        "Встреча в неврологическом отделении",
        "department_meeting",
        "Санкт-Петербург",
        25,
        S.DRAFT,
        15,
    ),
]
VENDORS = [
    ("Гостиница «Азимут»", Vendor.Kind.HOTEL, "hotel@azimut.example.com"),
    (
        "Агентство деловых поездок «Аэроэкспресс-Тревел»",
        Vendor.Kind.TRAVEL,
        "travel@aet.example.com",
    ),
    ("MICE-агентство «Конгресс-Сервис»", Vendor.Kind.MICE, "mice@kongress.example.com"),
    ("Кейтеринг «Вкусно и полезно»", Vendor.Kind.CATERING, "food@catering.example.com"),
]
TOPICS = [
    "Современные подходы к терапии",
    "Разбор клинических случаев",
    "Новые клинические рекомендации",
    "Ответы на вопросы",
]
NAMES = [
    "Иванова Мария Петровна",
    "Смирнов Алексей Игоревич",
    "Кузнецова Ольга Викторовна",
    "Попов Дмитрий Сергеевич",
    "Васильева Анна Николаевна",
]


AREA_KEYWORDS = [
    ("Неврология", ("невро", "мигрен")),
    ("Эндокринология", ("диабет", "эндокрин", "ожирен", "остеопороз")),
    ("Онкология", ("онко",)),
    ("Пульмонология", ("хобл", "пульмон", "астма")),
]


def _area_for(title: str):
    """The therapeutic area a demo event is about (by its title; cardiology otherwise)."""
    lowered = title.lower()
    name = next((a for a, words in AREA_KEYWORDS if any(w in lowered for w in words)), None)
    return TherapeuticArea.objects.filter(name=name or "Кардиология").first()


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _speakers():
    return [
        c.expert
        for c in Contract.objects.filter(status=Contract.Status.ACTIVE).select_related("expert")[:6]
    ]


def _speaker_order(event, expert, orders: dict):
    """The demo speaker's approved order for `event` (1 hour), linked to the event; None when
    the expert has no contract covering the event date or the fee would break a cap."""
    if expert.pk in orders:
        return orders[expert.pk]
    contract = upstream.contract_active_for(expert=expert, on=event.starts_at.date())
    if contract is None:
        return None
    if upstream.commitment_refusal(
        expert=expert, on=event.starts_at.date(), amounts={contract: SPEAKER_FEE}
    ):
        return None  # the demo never promises a fee above a cap
    order = ServiceOrder.objects.create(
        number=f"З-ДЕМО-{event.pk}-{expert.pk}",
        contract=contract,
        service_type=event.event_type.service_type or "lecture",
        hours=Decimal("1"),
        rate=SPEAKER_FEE,
        amount=SPEAKER_FEE,
        order_date=event.starts_at.date(),
        created_by=event.owner,
        description=event.title,
    )
    ServiceOrder.objects.filter(pk=order.pk).update(status=ServiceOrder.Status.APPROVED)
    EventOrder.objects.create(event=event, service_order=order)
    orders[expert.pk] = order
    return order


def _programme(event, speakers) -> dict:
    """Programme items (the first two with a speaker and their order); returns the orders."""
    start, orders = event.starts_at, {}
    for i, topic in enumerate(TOPICS[: 2 + event.pk % 3]):
        speaker = speakers[(event.pk + i) % len(speakers)] if speakers and i < 2 else None
        ProgramItem.objects.create(
            event=event,
            topic=topic,
            speaker=speaker,
            service_order=_speaker_order(event, speaker, orders) if speaker else None,
            starts_at=start + timedelta(minutes=45 * i),
            ends_at=start + timedelta(minutes=45 * (i + 1)),
        )
    return orders


def _build(event, *, vendors, speakers, staff):
    start = event.starts_at
    orders = _programme(event, speakers)
    scale = Decimal(max(event.planned_participants, 10))
    lines = {
        "venue": scale * 1500,
        "catering": scale * 1800,
        "av": Decimal("60000"),
        "speaker_fees": Decimal("0") if orders else Decimal("60000"),
        "printing": Decimal("15000"),
    }
    allowed = event.event_type.allowed_budget_categories or list(lines)
    after = event.status in (S.HELD, S.CLOSING, S.CLOSED)
    over = event.status == S.BUDGET_REAPPROVAL
    for category, amount in lines.items():
        if category not in allowed or not amount:
            continue
        final = amount if event.status not in (S.DRAFT, S.BUDGET_APPROVAL) else Decimal("0")
        actual = amount * Decimal("1.25") if over else (amount if after else Decimal("0"))
        BudgetLine.objects.create(
            event=event,
            category=category,
            planned=amount,
            final=final,
            actual=actual.quantize(Decimal("0.01")),
        )
    for order in orders.values() if "speaker_fees" in allowed else []:
        BudgetLine.objects.create(
            event=event,
            category="speaker_fees",
            description=str(order.contract.expert),
            planned=order.amount,
            final=order.amount if event.status not in (S.DRAFT, S.BUDGET_APPROVAL) else 0,
            actual=order.amount if after else 0,
            service_order=order,
        )
    if event.status not in (S.DRAFT, S.BUDGET_APPROVAL):
        total = sum(ln.final for ln in event.budget_lines.all())
        Event.objects.filter(pk=event.pk).update(approved_total=total)
    for i, name in enumerate(NAMES[: 3 + event.pk % 3]):
        Participant.objects.create(
            event=event,
            full_name=name,
            institution_name="ГКБ № 1",
            specialty="Кардиология",
            email=f"participant{event.pk}-{i}@example.com",
            status=Participant.Status.ATTENDED if after else Participant.Status.INVITED,
            checked_in_at=start if after else None,
        )
    if event.city and vendors:
        req = VendorRequest.objects.create(
            event=event,
            vendor=vendors[0],
            kind=VendorRequest.Kind.HOTEL,
            details="2 номера, 2 ночи",
            speaker=speakers[0] if speakers else None,
            created_by=event.owner,
        )
        if event.status in (S.APPROVED, S.HELD, S.CLOSING, S.CLOSED):
            paid = event.status in (S.HELD, S.CLOSING, S.CLOSED)  # finance paid the hotel
            VendorRequest.objects.filter(pk=req.pk).update(
                status=VendorRequest.Status.CONFIRMED,
                quote_amount=Decimal("18000"),
                confirmed_amount=Decimal("18000"),
                paid_on=min(timezone.localdate(event.ends_at), timezone.localdate())
                if paid
                else None,
            )
    Task.objects.create(
        event=event,
        title="Согласовать программу с докладчиками",
        assignee=staff or event.owner,
        created_by=event.owner,
        due_date=timezone.localdate() + timedelta(days=(event.pk % 9) - 3),
    )
    if event.event_type.requires_regulator_notice and event.status != S.DRAFT:
        legal, target, authority = notice_dates(event)
        submitted = event.status in (S.APPROVED, S.HELD, S.CLOSING, S.CLOSED)
        RegulatorNotice.objects.create(
            event=event,
            authority=authority,
            legal_deadline=legal,
            target_date=target,
            status=RegulatorNotice.Status.SUBMITTED if submitted else RegulatorNotice.Status.DRAFT,
            submitted_on=min(target, timezone.localdate()) if submitted else None,
            reference=f"РЗН-{event.pk:05d}" if submitted else "",
        )
    if event.status in (S.BUDGET_APPROVAL, S.BUDGET_REAPPROVAL):
        reapproval = event.status == S.BUDGET_REAPPROVAL
        totals = budget_totals(event)
        approval_request_start(
            target=event,
            actor=event.owner,
            route=route_for(event),
            amount=max(totals["final"], totals["actual"]) if reapproval else totals["planned"],
            purpose=PURPOSE_REAPPROVAL if reapproval else PURPOSE_APPROVAL,
        )
    if event.status in (S.CLOSING, S.CLOSED):
        checklist_create(event=event)
        items = event.checklist_items.all()
        if event.status == S.CLOSED:
            items.update(status=ChecklistItem.Status.ACCEPTED)
        else:
            for n, item in enumerate(items):
                item.status = [
                    ChecklistItem.Status.ACCEPTED,
                    ChecklistItem.Status.UPLOADED,
                    ChecklistItem.Status.MISSING,
                ][n % 3]
                item.save(update_fields=["status"])


@transaction.atomic
def seed(*, stdout) -> None:
    owner = _user("manager") or _user("admin")
    if owner is None:
        stdout.write("events: no demo users, skipped\n")
        return
    staff = _user("field")
    vendors = [
        Vendor.objects.get_or_create(name=n, defaults={"kind": k, "email": e})[0]
        for n, k, e in VENDORS
    ]
    speakers = _speakers()
    created = 0
    for n, (title, type_code, city, days, status, participants) in enumerate(EVENTS):
        if Event.objects.filter(title=title).exists():
            continue
        start = (timezone.localtime() + timedelta(days=days)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        event_type = EventType.objects.get(code=type_code)
        event = Event.objects.create(
            title=title,
            event_type=event_type,
            format=event_type.default_format,
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            city=city,
            venue="Конгресс-центр" if city else "",
            online_url="" if city else "https://webinar.example.com/room",
            region=event_history.region_for(city),
            owner=staff if (staff and n % 4 == 0) else owner,
            target_audience="Врачи-терапевты и кардиологи",
            planned_participants=participants,
            description="Образовательное мероприятие для специалистов здравоохранения.",
            therapeutic_area=_area_for(title),
        )
        event.products.set(Product.objects.filter(therapeutic_area=event.therapeutic_area_id))
        Event.objects.filter(pk=event.pk).update(status=status)
        event.refresh_from_db()
        _build(event, vendors=vendors, speakers=speakers, staff=staff)
        event_history.attendees(event)
        event_history.approval_history(event)
        event_history.checklist_files(event)
        created += 1
    stdout.write(f"events: {created} demo events\n")
