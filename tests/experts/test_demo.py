import pytest

from experts.bank import bank_details_are_complete
from experts.consent import consent_blocking_reason
from experts.models import Expert, RateCard, ServiceType, Tier
from kolplatform.core.roles import Role
from seed.demo import experts as demo
from seed.demo.core import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_links_the_kol_users(make_user, kol, other_kol):
    make_user(Role.FIELD_STAFF, username="field")
    make_user(Role.MARKETING_MANAGER, username="manager")
    make_user(Role.APPROVER, username="approver")  # approvers decide the demo gradings
    before = Expert.objects.count()  # the kol fixtures bring their own experts
    demo.seed(stdout=None)
    demo.seed(stdout=None)
    assert Expert.objects.count() == before + 60
    assert RateCard.objects.count() == len(Tier) * len(ServiceType)
    assert Expert.objects.filter(tier=Tier.INTERNATIONAL).exists()
    for user in (kol, other_kol):
        expert = Expert.objects.get(user=user)
        assert expert.crm_id.startswith("DEMO-")
        assert consent_blocking_reason(expert=expert) is None
        assert bank_details_are_complete(expert=expert)
        user.refresh_from_db()
        assert user.get_full_name() == expert.full_name  # the name a signature is given under


def test_demo_kol_users_are_named_as_their_experts():
    """A fresh demo: `kol` and `kol2` carry the names of the experts they are linked to."""
    people = demo._people()
    specs = {u.username: (u.last_name, u.first_name, u.middle_name) for u in DEMO_USERS}
    assert (specs["kol"], specs["kol2"]) == (people[0], people[1])
