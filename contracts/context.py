"""The explicit context that document templates are rendered over.

Every template sees these keys (strings are already formatted for print):

- ``org``: settings.ORGANISATION — name, inn, kpp, ogrn, address, bank, bik, account,
  corr_account, signatory.
- ``expert``: full_name, short_name («Иванов И. И.»), email, phone, position, institution, city,
  tier (label), tax_status (label).
- ``bank``: the bank details snapshot (recipient_name, inn, snils, bank_name, bik, account,
  corr_account, ...) — taken at signing; empty keys when not yet known.
- ``contract``: number, date, starts_on, ends_on, cap_amount (figures), cap_words (in words),
  payment_terms_days, tax_regime (code), tax_regime_label, services (list of labels).
- ``order`` (orders, acts, invoices): number, date, service_type (label), description, hours,
  rate, amount, amount_words.
- ``act`` (acts, invoices): number, date, actual_hours, amount, amount_words.
- ``document``: title, number, version, kind (label).
- ``today``: the rendering date; ``verify_url``: the public verification page.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contracts.models import DocumentKind
from contracts.terms import amount_in_words
from experts.models import ServiceType, TaxStatus, Tier
from kolplatform.core.money import format_money

CONTEXT_KEYS = ("org", "expert", "bank", "contract", "order", "act", "document", "today")


def _date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


def _rub(value: Decimal) -> str:
    """An amount as the printed document says it, in Russian whatever the page's language."""
    return format_money(value, currency="₽", language="ru")


def _hours(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def expert_context(expert) -> dict:
    initials = " ".join(f"{p[0]}." for p in (expert.first_name, expert.middle_name) if p)
    return {
        "full_name": expert.full_name,
        "short_name": f"{expert.last_name} {initials}".strip(),
        "email": expert.email,
        "phone": expert.phone,
        "position": expert.position,
        "institution": str(expert.institution) if expert.institution_id else "",
        "city": expert.city,
        "tier": Tier(expert.tier).label if expert.tier else "",
        "tax_status": TaxStatus(expert.tax_status).label if expert.tax_status else "",
    }


def contract_context(contract) -> dict:
    return {
        "number": contract.number,
        "date": _date(contract.created_at or timezone.now()),
        "starts_on": _date(contract.starts_on),
        "ends_on": _date(contract.ends_on),
        "cap_amount": _rub(contract.cap_amount),
        "cap_words": amount_in_words(contract.cap_amount),
        "payment_terms_days": contract.payment_terms_days,
        "tax_regime": contract.tax_regime,
        "tax_regime_label": TaxStatus(contract.tax_regime).label,
        "services": [ServiceType(s).label for s in contract.services if s in ServiceType.values],
    }


def order_context(order) -> dict:
    return {
        "number": order.number,
        "date": _date(order.order_date),
        "service_type": ServiceType(order.service_type).label,
        "description": order.description,
        "hours": _hours(order.hours),
        "rate": _rub(order.rate),
        "amount": _rub(order.amount),
        "amount_words": amount_in_words(order.amount),
    }


def act_context(act) -> dict:
    return {
        "number": act.number,
        "date": _date(act.act_date),
        "actual_hours": _hours(act.actual_hours),
        "amount": _rub(act.amount),
        "amount_words": amount_in_words(act.amount),
    }


def document_context(
    *, kind: str, contract, order=None, act=None, number: str = "", version: int = 1, bank=None
) -> dict:
    """The full context for a document of `kind` (see the module docstring)."""
    return {
        "org": dict(settings.ORGANISATION),
        "expert": expert_context(contract.expert),
        "bank": bank if bank is not None else dict(contract.bank_details_snapshot or {}),
        "contract": contract_context(contract),
        "order": order_context(order) if order is not None else {},
        "act": act_context(act) if act is not None else {},
        "document": {
            "title": DocumentKind(kind).label,
            "number": number or contract.number,
            "version": version,
            "kind": DocumentKind(kind).label,
        },
        "today": _date(timezone.localdate()),
        "verify_url": settings.SITE_URL.rstrip("/") + reverse("verify"),
    }


def sample_context(kind: str) -> dict:
    """Sample data for previewing a template (nothing is saved)."""
    expert = SimpleNamespace(
        full_name="Иванова Мария Петровна",
        first_name="Мария",
        middle_name="Петровна",
        last_name="Иванова",
        email="m.ivanova@example.com",
        phone="+7 900 000-00-00",
        position="Заведующая кардиологическим отделением",
        institution_id=None,
        city="Москва",
        tier=Tier.NATIONAL,
        tax_status=TaxStatus.INDIVIDUAL,
    )
    contract = SimpleNamespace(
        number="К-2026-00001",
        expert=expert,
        created_at=timezone.now(),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=729),
        cap_amount=Decimal("600000.00"),
        payment_terms_days=10,
        tax_regime=TaxStatus.INDIVIDUAL,
        services=[ServiceType.LECTURE, ServiceType.ADVISORY_BOARD],
        bank_details_snapshot={
            "recipient_name": "Иванова Мария Петровна",
            "inn": "770000000000",
            "snils": "000-000-000 00",
            "bank_name": 'ПАО "Сбербанк"',
            "bik": "044525225",
            "account": "40817810000000000001",
            "corr_account": "30101810400000000225",
        },
    )
    order = SimpleNamespace(
        number="З-2026-00001",
        order_date=timezone.localdate(),
        service_type=ServiceType.LECTURE,
        description="Лекция «Современная терапия хронической сердечной недостаточности»",
        hours=Decimal("2"),
        rate=Decimal("15000.00"),
        amount=Decimal("30000.00"),
    )
    act = SimpleNamespace(
        number="А-2026-00001",
        act_date=timezone.localdate(),
        actual_hours=Decimal("2"),
        amount=Decimal("30000.00"),
    )
    numbers = {"order": order.number, "act": act.number, "invoice": "С-2026-00001"}
    return document_context(
        kind=kind, contract=contract, order=order, act=act, number=numbers.get(kind, "")
    )


def agreement_context(*, kind: str, expert) -> dict:
    """Context for the e-signature agreement and the consent, which precede any contract."""
    return {
        "org": dict(settings.ORGANISATION),
        "expert": expert_context(expert),
        "bank": {},
        "contract": {},
        "order": {},
        "act": {},
        "document": {"title": DocumentKind(kind).label, "number": "", "version": 1},
        "today": _date(timezone.localdate()),
        "verify_url": settings.SITE_URL.rstrip("/") + reverse("verify"),
    }
