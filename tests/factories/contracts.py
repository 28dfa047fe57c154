from datetime import date
from decimal import Decimal

import factory
from django_fsm import can_proceed  # noqa: F401  (re-exported for tests that drive states)

from contracts.models import (
    Act,
    AuthorisedSignatory,
    Contract,
    ContractDocument,
    DocumentKind,
    DocumentTemplate,
    ServiceOrder,
)
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


_PDF_CACHE: dict[str, bytes] = {}


def small_pdf(text: str = "Договор") -> bytes:
    """A real one-page PDF (rendered once per text and cached for speed)."""
    if text not in _PDF_CACHE:
        from kolplatform.core.pdf import html_to_pdf

        _PDF_CACHE[text] = html_to_pdf(f"<p>{text}</p>")
    return _PDF_CACHE[text]


class ContractDocumentFactory(factory.django.DjangoModelFactory):
    """A rendered contract document (status ready) whose PDF is stored as a core Document."""

    class Meta:
        model = ContractDocument
        skip_postgeneration_save = True

    kind = DocumentKind.CONTRACT
    contract = factory.SubFactory(ContractFactory)
    expert = factory.SelfAttribute("contract.expert")
    number = factory.SelfAttribute("contract.number")
    template = factory.LazyFunction(
        lambda: DocumentTemplate.objects.filter(kind="contract").order_by("-version").first()
    )
    created_by = factory.SelfAttribute("contract.owner")

    @factory.post_generation
    def rendered(self, create, extracted, **kwargs):
        """Render and store the PDF, unless `rendered=False` (the caller stores its own)."""
        if not create or extracted is False:
            return
        from kolplatform.core.documents import document_store

        self.pdf = document_store(
            data=small_pdf(f"{self.number} v{self.version}"), name="doc.pdf", owner=self
        )
        ContractDocument.objects.filter(pk=self.pk).update(pdf=self.pdf, status="ready")
        self.refresh_from_db()


def awaiting_document(contract_status="sent_to_expert", **kwargs) -> ContractDocument:
    """A contract document sent to the expert (status awaiting_expert)."""
    document = ContractDocumentFactory(**kwargs)
    force_status(document.contract, contract_status)
    ContractDocument.objects.filter(pk=document.pk).update(status="awaiting_expert")
    document.refresh_from_db()
    return document
