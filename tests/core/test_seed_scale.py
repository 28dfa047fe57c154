"""seed_scale at factor 1 (PostgreSQL): one coherent company in the seed client's proportions."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from analytics.models import Plan
from contracts.models import Act, Contract
from events.models import BudgetLine, Event, Participant, ProgramItem
from experts.models import Expert, ExpertBankDetails
from feedback.models import Answer, Response, Tally
from kolplatform.core.models import ApprovalRequest, User
from kolplatform.core.roles import Role
from payments.models import Payout
from seed.scale.core import ADMIN, STAFF_PER_FACTOR, role_for
from seed.scale.events import EVENTS_PER_FACTOR, LINES_PER_EVENT
from seed.scale.experts import EXPERTS_PER_FACTOR

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="seed_scale needs PostgreSQL"),
    pytest.mark.django_db,
]


@pytest.fixture
def seeded():
    out = StringIO()
    call_command("seed_scale", "--factor", "1", "--seed", "3", stdout=out)
    return out.getvalue()


def test_factor_one_is_one_coherent_company(seeded):
    assert "rows/s" in seeded and "Scale data (factor 1, seed 3)" in seeded
    staff = User.objects.filter(username__regex=r"^scale[0-9]{6}$")
    assert staff.count() == STAFF_PER_FACTOR
    first = staff.get(username="scale000001")
    assert list(first.groups.values_list("name", flat=True)) == [role_for(0)]
    assert User.objects.get(username=ADMIN).is_superuser
    assert Expert.objects.count() == EXPERTS_PER_FACTOR  # payments add no experts of their own
    assert Event.objects.count() == EVENTS_PER_FACTOR
    assert BudgetLine.objects.count() == EVENTS_PER_FACTOR * LINES_PER_EVENT
    # the modules fit together
    assert not Event.objects.filter(products__isnull=True).exists()  # the product filter matches
    assert ProgramItem.objects.filter(speaker__contracts__status=Contract.Status.ACTIVE).exists()
    assert Participant.objects.filter(expert__isnull=False).exists()
    pending = ApprovalRequest.objects.filter(status=ApprovalRequest.Status.PENDING)
    assert pending.exists() and not pending.filter(current_step__isnull=True).exists()
    assert ApprovalRequest.objects.filter(decisions__isnull=False).exists()
    payout = Payout.objects.select_related("act__order__contract").first()
    assert payout.act.order.contract_id == payout.contract_id
    assert payout.net == payout.gross - payout.withholding
    assert Payout.objects.count() == Act.objects.count()
    contracted = Contract.objects.values("expert_id")
    assert ExpertBankDetails.objects.filter(expert_id__in=contracted).count() == len(contracted)
    assert Plan.objects.exists()
    kol = User.objects.filter(groups__name=Role.KOL).first()
    assert kol.expert.contracts.exists()
    assert kol.expert.cabinet_access.identity_confirmed  # the cabinet lets them sign
    # the tallies are the sum of the answers
    assert Response.objects.count() > 0
    counted = Answer.objects.filter(value_int__isnull=False).count()
    text = Answer.objects.exclude(value_text="").count()
    assert sum(Tally.objects.values_list("n", flat=True)) == counted + text
    busiest = Response.objects.values("survey").annotate(n=Count("id")).order_by("-n").first()
    assert busiest["n"] == 200


def test_a_second_run_refuses_instead_of_adding(seeded):
    with pytest.raises(CommandError, match="already holds scale data"):
        call_command("seed_scale", "--factor", "1", stdout=StringIO())
