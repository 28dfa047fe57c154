from datetime import date
from decimal import Decimal

import factory
from django_fsm import can_proceed  # noqa: F401  (re-exported for tests that drive states)

from contracts.models import Act, AuthorisedSignatory, Contract, ServiceOrder
from experts.models import ServiceType, TaxStatus
from tests.factories.core import UserFactory
from tests.factories.experts import ExpertFactory


def force_status(obj, status: str) -> None:
    """Put a protected-FSM object into `status` for a test's set-up (bypasses transitions)."""
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"К-2026-{n + 1:05d}")
    expert = factory.SubFactory(ExpertFactory)
    starts_on = date(2026, 1, 1)
    ends_on = date(2027, 12, 31)
    tax_regime = TaxStatus.INDIVIDUAL
    cap_amount = Decimal("1000000.00")
    services = [ServiceType.LECTURE, ServiceType.ADVISORY_BOARD]
    owner = factory.SubFactory(UserFactory, role="marketing_manager")


class ServiceOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOrder

    number = factory.Sequence(lambda n: f"З-2026-{n + 1:05d}")
    contract = factory.SubFactory(ContractFactory)
    service_type = ServiceType.LECTURE
    order_date = date(2026, 3, 1)
    hours = Decimal("2.00")
    rate = Decimal("10000.00")
    amount = Decimal("20000.00")
    created_by = factory.SelfAttribute("contract.owner")


class ActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Act

    number = factory.Sequence(lambda n: f"А-2026-{n + 1:05d}")
    order = factory.SubFactory(ServiceOrderFactory)
    act_date = date(2026, 3, 10)
    actual_hours = factory.SelfAttribute("order.hours")
    amount = factory.SelfAttribute("order.amount")


class AuthorisedSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorisedSignatory
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role="admin")
    basis = "Устав"


def ready_kol(kol, *, actor=None):
    """Make `kol` able to sign: identity confirmed, agreements accepted, e-mail confirmed."""
    from contracts.cabinet import cabinet_accept_agreements, cabinet_confirm_identity

    staff = actor or UserFactory(role="marketing_manager")
    access = cabinet_confirm_identity(expert=kol.expert, actor=staff, note="паспорт 45 00 123456")
    access.confirmed_email = kol.email
    access.save(update_fields=["confirmed_email"])
    cabinet_accept_agreements(user=kol, ip_address="127.0.0.1")
    return access
