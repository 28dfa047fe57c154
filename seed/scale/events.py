"""Performance data: 3,400 events x factor, five budget lines each (factor 100: 340,000 events and
1.7 M budget lines). bulk_create in batches, no per-row signals."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from events.models import BudgetLine, Event, EventType
from kolplatform.core.models import Region

EVENTS_PER_FACTOR = 3400
LINES_PER_EVENT = 5
BATCH = 5000
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
STATUSES = [s for s, _ in Event.Status.choices]


def _owners(count: int) -> list:
    User = get_user_model()
    existing = list(User.objects.filter(username__startswith="scale-owner-").order_by("pk"))
    group = Group.objects.get(name="marketing_manager")
    new = [
        User(username=f"scale-owner-{i}", last_name=f"Менеджер{i}", first_name="Тест", password="!")
        for i in range(len(existing), count)
    ]
    User.objects.bulk_create(new, batch_size=BATCH)
    owners = list(User.objects.filter(username__startswith="scale-owner-").order_by("pk"))
    group.user_set.add(*owners[len(existing) :])
    return owners


def _regions() -> list:
    regions = list(Region.objects.all())
    if not regions:
        Region.objects.bulk_create(
            [Region(code=f"S{i:02d}", name=f"Регион {i}") for i in range(1, 11)]
        )
        regions = list(Region.objects.all())
    return regions


def seed_scale(*, factor: int, stdout) -> int:
    """Create EVENTS_PER_FACTOR x factor events with their budget lines; returns the count."""
    rnd = random.Random(factor)
    total = EVENTS_PER_FACTOR * factor
    types = list(EventType.objects.all())
    regions = _regions()
    owners = _owners(max(10, factor * 2))
    now = timezone.now()
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        events = []
        for i in range(size):
            start = now + timedelta(days=rnd.randint(-700, 365), hours=rnd.randint(8, 18))
            status = rnd.choice(STATUSES)
            events.append(
                Event(
                    title=f"{rnd.choice(TITLES)} № {done + i + 1}",
                    event_type=rnd.choice(types),
                    status=status,
                    starts_at=start,
                    ends_at=start + timedelta(hours=4),
                    city=rnd.choice(CITIES),
                    venue="Конгресс-центр",
                    region=rnd.choice(regions),
                    owner=rnd.choice(owners),
                    planned_participants=rnd.randint(10, 300),
                    approved_total=Decimal(rnd.randint(50, 3000) * 1000)
                    if status not in ("draft", "budget_approval")
                    else None,
                )
            )
        with transaction.atomic():
            Event.objects.bulk_create(events, batch_size=BATCH)
            lines = []
            for event in events:
                for category in CATEGORIES[:LINES_PER_EVENT]:
                    planned = Decimal(rnd.randint(5, 400) * 1000)
                    lines.append(
                        BudgetLine(
                            event_id=event.pk,
                            category=category,
                            planned=planned,
                            final=planned,
                            actual=planned if event.status in ("held", "closed") else Decimal("0"),
                        )
                    )
            BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        done += size
        if done % 50000 < BATCH:
            stdout.write(f"events: {done}/{total}\n")
    return total
