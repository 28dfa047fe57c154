from decimal import Decimal as D

import pytest

from payments import services
from payments.models import Payout
from tests.factories.payments import signed_act


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The factories hash a password per user; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def approved(finance):
    """Two approved payouts (gross 100 000 and 50 000, individuals: net 87 000 and 43 500)."""
    payouts = []
    for amount in (D("100000.00"), D("50000.00")):
        p = services.payout_create_from_act(act=signed_act(amount=amount), actor=finance)
        payouts.append(services.payout_approve(payout=p, actor=finance))
    assert all(p.status == Payout.Status.APPROVED for p in payouts)
    return payouts
