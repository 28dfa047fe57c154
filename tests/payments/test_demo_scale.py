"""Demo data (every state, idempotent), the NPD status adapter and the act listener."""

import io

import pytest

from kolplatform.core.roles import Role
from payments import npd, services
from payments.models import NpdStatusCheck, PaymentRegistry, Payout
from seed.demo import payments as demo
from tests.factories.core import UserFactory
from tests.factories.experts import ExpertFactory, KolUserFactory

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_runs_once():
    UserFactory(role=Role.FINANCE, username="accountant")
    UserFactory(role=Role.FINANCE, username="finance")
    UserFactory(role=Role.MARKETING_MANAGER, username="manager")
    KolUserFactory(username="kol")
    KolUserFactory(username="kol2")
    ExpertFactory()
    out = io.StringIO()
    demo.seed(stdout=out)
    states = set(Payout.objects.values_list("status", flat=True))
    assert states == set(Payout.Status.values)
    assert PaymentRegistry.objects.count() == 1
    count = Payout.objects.count()
    demo.seed(stdout=out)
    assert Payout.objects.count() == count and "already" in out.getvalue()


class AnsweringChecker(npd.NpdStatusChecker):
    """A checker answering like the tax service does, for the service's recording path."""

    def check(self, *, inn, on):
        return npd.NpdStatus(True, "Является плательщиком НПД", {"status": True, "inn": inn})


def test_online_npd_check_is_recorded(finance):
    expert = ExpertFactory(tax_status="self_employed")
    check = services.npd_status_check_online(
        expert=expert, inn="772012345678", actor=finance, checker=AnsweringChecker()
    )
    assert (check.source, check.is_self_employed) == (NpdStatusCheck.Source.TAX_SERVICE, True)
    assert check.response["inn"] == "772012345678"


def test_unconfigured_online_check_asks_for_manual_confirmation(finance):
    expert = ExpertFactory(tax_status="self_employed")
    with pytest.raises(services.PayoutError, match="manually"):
        services.npd_status_check_online(expert=expert, inn="772012345678", actor=finance)
    assert isinstance(npd.npd_checker(), npd.UnavailableNpdChecker)
