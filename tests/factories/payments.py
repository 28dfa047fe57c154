from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from experts.models import ExpertBankDetails, TaxStatus
from payments.models import NpdStatusCheck, Payout
from tests.factories.contracts import ActFactory, ContractFactory, ServiceOrderFactory, force_status
from tests.factories.experts import ConsentFactory, ExpertFactory

BANK = {
    "account": "40817810099910004312",
    "bik": "044525225",
    "bank_name": "ПАО Сбербанк",
    "corr_account": "30101810400000000225",
    "inn": "772012345678",
    "verified": True,
}


class PayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payout

    act = factory.SubFactory(ActFactory)
    contract = factory.SelfAttribute("act.order.contract")
    expert = factory.SelfAttribute("contract.expert")
    tax_regime = TaxStatus.INDIVIDUAL
    gross = factory.SelfAttribute("act.amount")
    withholding = factory.LazyAttribute(
        lambda p: (p.gross * Decimal("0.13")).quantize(Decimal("0.01"))
    )
    net = factory.LazyAttribute(lambda p: p.gross - p.withholding)
    due_date = date(2026, 3, 20)


def signed_act(*, expert=None, amount=Decimal("20000.00"), contract=None, tax_status=None, **kw):
    """An act signed by both sides, under an active contract with bank details, for a consenting
    expert: everything a payout needs to pass its checks."""
    if contract is None:
        if expert is None:
            expert = ExpertFactory(tax_status=tax_status or TaxStatus.INDIVIDUAL)
            ConsentFactory(expert=expert)
        contract = ContractFactory(
            expert=expert,
            tax_regime=expert.tax_status,
            bank_details_snapshot=dict(BANK),
            **{k: v for k, v in kw.items() if k in ("cap_amount", "payment_terms_days")},
        )
        force_status(contract, "active")
    bank_details_verified(contract.expert)
    order = ServiceOrderFactory(contract=contract, amount=amount, rate=amount / 2)
    act = ActFactory(order=order, act_date=kw.get("act_date", date(2026, 3, 10)))
    act.signed_at = kw.get("signed_at", timezone.now())
    act.save(update_fields=["signed_at"])
    force_status(act, "signed_by_company")
    return act


def bank_details_verified(expert):
    """Complete, verified bank details of `expert` (encrypted at rest by the experts module)."""
    fields = {k: v for k, v in BANK.items() if k != "verified"}
    ExpertBankDetails.objects.update_or_create(
        expert=expert,
        defaults={**fields, "recipient_name": expert.full_name, "verified_at": timezone.now()},
    )


def npd_confirmed(expert, *, on=None, is_self_employed=True, checked_at=None):
    check = NpdStatusCheck.objects.create(
        expert=expert,
        inn="772012345678",
        on_date=on or timezone.localdate(),
        is_self_employed=is_self_employed,
        source=NpdStatusCheck.Source.MANUAL,
    )
    if checked_at is not None:
        NpdStatusCheck.objects.filter(pk=check.pk).update(checked_at=checked_at)
    return check
