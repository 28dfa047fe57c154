"""A hand-built data set whose every figure is counted by hand in the tests' docstrings.

Year 2026, regions R1/R2, products P1 (therapeutic area TA1, target specialty Кардиология) and P2.
E1 held   15 Jan R1 P1    manager m1 school  approved 100 000
   lines: venue 60 000/55 000/50 000, speaker_fees 40 000/40 000/40 000
   attended: Кардиология x2, Неврология x1 (+1 invited); speaker X1, payout 30 000 paid
   feedback: event ratings 5 and 4, speaker rating 5 for X1, NPS 10, 9, 5
E2 closed 10 Feb R2 P1+P2 m1 school  approved 50 000
   lines: catering 30 000/25 000/20 000; attended: Кардиология, (none); speakers X1 (no order),
   X2 with payout 10 000 ready (not paid)
E3 approved 5 Apr R1 P2 m2 board approved 70 000; line venue 70 000/0/0
E4 cancelled 1 Mar R1 P1 m1 school approved 20 000; line venue 20 000/20 000/5 000
E5 draft 1 May R2 (no product) m2 school
E6 held 20 Dec 2025 R1 P1 m1 school (another year), line venue actual 999
Plans 2026: annual P1/R1/m1/school 12 ev, 120 part, 6 exp, 1 200 000;
            Q1 P2/R2/m1/school 3, 30, 3, 300 000;  Q2 P2/R1/m2/board 2, 0, 0, 100 000.
"""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from analytics.models import TargetSpecialty
from analytics.services import facts_refresh
from events.models import BudgetCategory
from feedback.models import Answer, Question, Response, Survey, SurveyTemplate
from tests.factories.analytics import KpiTargetFactory, PlanFactory
from tests.factories.contracts import (
    ActFactory,
    ContractFactory,
    ServiceOrderFactory,
    force_status,
)
from tests.factories.core import (
    ProductFactory,
    RegionFactory,
    TherapeuticAreaFactory,
    UserFactory,
)
from tests.factories.events import (
    BudgetLineFactory,
    EventFactory,
    EventTypeFactory,
    ParticipantFactory,
    ProgramItemFactory,
)
from tests.factories.experts import ExpertFactory
from tests.factories.payments import PayoutFactory

MSK = ZoneInfo("Europe/Moscow")


def at(year, month, day):
    return datetime(year, month, day, 10, 0, tzinfo=MSK)


def _line(event, category, planned, final, actual):
    return BudgetLineFactory(
        event=event,
        category=category,
        planned=Decimal(planned),
        final=Decimal(final),
        actual=Decimal(actual),
    )


def _payout(event, speaker, gross, status):
    order = ServiceOrderFactory(contract=ContractFactory(expert=speaker), amount=Decimal(gross))
    payout = PayoutFactory(act=ActFactory(order=order))
    force_status(payout, status)
    ProgramItemFactory(event=event, speaker=speaker, service_order=order)
    return payout


def _feedback(event, speaker):
    template = SurveyTemplate.objects.create(name="Стандарт")
    rating = Question.objects.create(template=template, order=1, kind="rating", text="Оценка")
    nps = Question.objects.create(template=template, order=2, kind="nps", text="Рекомендуете?")
    per_speaker = Question.objects.create(
        template=template, order=3, kind="rating", text="Лектор", per_speaker=True
    )
    survey = Survey.objects.create(
        event=event, template=template, opens_at=event.starts_at, closes_at=event.ends_at
    )
    for i, (score, recommend) in enumerate([(5, 10), (4, 9), (None, 5)]):
        response = Response.objects.create(survey=survey, device_id=f"d{i}")
        if score is not None:
            Answer.objects.create(response=response, question=rating, value_int=score)
        Answer.objects.create(response=response, question=nps, value_int=recommend)
    Answer.objects.create(
        response=Response.objects.get(survey=survey, device_id="d0"),
        question=per_speaker,
        speaker=speaker,
        value_int=5,
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Tests compare English messages; the catalogue may translate them to Russian."""
    with translation.override("en"):
        yield


@pytest.fixture
def dataset(marketing_manager):
    ta1 = TherapeuticAreaFactory(name="Кардиология (ТО)")
    p1 = ProductFactory(name="Кардиомакс", therapeutic_area=ta1)
    p2 = ProductFactory(name="Нейролин")
    r1 = RegionFactory(code="R1", name="Москва")
    r2 = RegionFactory(code="R2", name="Казань")
    school = EventTypeFactory(code="school", name="Школа")
    board = EventTypeFactory(code="board", name="Совет экспертов")
    m1 = marketing_manager
    m2 = UserFactory(role="marketing_manager", username="manager2")
    x1, x2 = ExpertFactory(last_name="Первый"), ExpertFactory(last_name="Второй")
    TargetSpecialty.objects.create(product=p1, specialty="Кардиология")

    def event(title, when, region, owner, kind, status, approved=None, products=()):
        e = EventFactory(
            title=title,
            starts_at=when,
            ends_at=when,
            region=region,
            owner=owner,
            event_type=kind,
            approved_total=approved,
            therapeutic_area=ta1 if title == "E1" else None,
        )
        e.products.set(products)
        force_status(e, status)
        return e

    e1 = event("E1", at(2026, 1, 15), r1, m1, school, "held", Decimal("100000"), [p1])
    e2 = event("E2", at(2026, 2, 10), r2, m1, school, "closed", Decimal("50000"), [p1, p2])
    e3 = event("E3", at(2026, 4, 5), r1, m2, board, "approved", Decimal("70000"), [p2])
    e4 = event("E4", at(2026, 3, 1), r1, m1, school, "cancelled", Decimal("20000"), [p1])
    e5 = event("E5", at(2026, 5, 1), r2, m2, school, "draft")
    e6 = event("E6", at(2025, 12, 20), r1, m1, school, "held", Decimal("1000"), [p1])

    _line(e1, BudgetCategory.VENUE, 60000, 55000, 50000)
    _line(e1, BudgetCategory.SPEAKER_FEES, 40000, 40000, 40000)
    _line(e2, BudgetCategory.CATERING, 30000, 25000, 20000)
    _line(e3, BudgetCategory.VENUE, 70000, 0, 0)
    _line(e4, BudgetCategory.VENUE, 20000, 20000, 5000)
    _line(e6, BudgetCategory.VENUE, 999, 999, 999)

    for specialty, status in [
        ("Кардиология", "attended"),
        ("Кардиология", "attended"),
        ("Неврология", "attended"),
        ("Кардиология", "invited"),
    ]:
        ParticipantFactory(event=e1, specialty=specialty, status=status)
    ParticipantFactory(event=e2, specialty="Кардиология", status="attended")
    ParticipantFactory(event=e2, specialty="", status="attended")
    ParticipantFactory(event=e6, specialty="Кардиология", status="attended")

    paid = _payout(e1, x1, "30000", "paid")
    ready = _payout(e2, x2, "10000", "ready")
    ProgramItemFactory(event=e2, speaker=x1)
    _feedback(e1, x1)

    PlanFactory(year=2026, product=p1, region=r1, manager=m1, event_type=school, events=12,
                participants=120, experts=6, budget=Decimal("1200000"))  # fmt: skip
    PlanFactory(year=2026, quarter=1, product=p2, region=r2, manager=m1, event_type=school,
                events=3, participants=30, experts=3, budget=Decimal("300000"))  # fmt: skip
    PlanFactory(year=2026, quarter=2, product=p2, region=r1, manager=m2, event_type=board,
                events=2, participants=0, experts=0, budget=Decimal("100000"))  # fmt: skip
    KpiTargetFactory(manager=m1, year=2026)
    facts_refresh()
    return SimpleNamespace(**locals())
