from datetime import date
from decimal import Decimal

import factory

from experts.models import TaxStatus
from payments.models import Payout
from tests.factories.contracts import ActFactory


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
