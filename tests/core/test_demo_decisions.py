"""On the demo data, every kind of decision reaches a demo user who can take it: each step of
every approval route has a demo decider, each pending request is in such a user's inbox, and so
are the submitted assessments and the pending master-data requests (no decision needs the
administrator or the Django admin, except the steps a route gives to the administrator role, the
authorised signatory of contracts)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from experts.inbox import assessments_to_decide, data_requests_to_decide
from experts.models import Assessment, MasterDataRequest
from kolplatform.core.approvals import approval_pending_for_user
from kolplatform.core.models import ApprovalRequest, ApprovalRoute, User
from kolplatform.core.roles import Role
from seed.demo.core import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_every_demo_decision_lands_in_the_inbox_of_a_demo_user_who_can_take_it(client):
    call_command("seed_demo", stdout=StringIO())
    deciders = list(
        User.objects.filter(
            username__in=[u.username for u in DEMO_USERS if u.username != "admin"], is_active=True
        )
    )
    admin = User.objects.get(username="admin")

    def who_decides(step) -> list:
        people = deciders + ([admin] if step.role == Role.ADMIN else [])
        return [u for u in people if u.pk == step.user_id or step.role in u.role_names]

    for route in ApprovalRoute.objects.filter(is_active=True).prefetch_related("steps"):
        for step in route.steps.all():
            assert who_decides(step), f"route {route.code}, step {step.name}: no demo decider"

    pending = ApprovalRequest.objects.filter(status=ApprovalRequest.Status.PENDING)
    purposes = set()
    for request in pending.select_related("current_step", "target_type"):
        purposes.add((request.target_type.model, request.purpose))
        assert any(
            approval_pending_for_user(user=u).filter(pk=request.pk).exists()
            for u in who_decides(request.current_step)
        ), request
    assert {("event", "approval"), ("event", "budget_reapproval")} <= purposes

    submitted = set(
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED).values_list("pk", flat=True)
    )
    assert submitted, "the demo has assessments waiting for a decision"
    seen = set()
    for user in deciders:
        group = assessments_to_decide(user=user)
        for item in group.items if group else ():
            pk = int(item.url.rstrip("/").rsplit("/", 1)[-1])
            assert user.has_perm("experts.decide_assessment", Assessment.objects.get(pk=pk))
            seen.add(pk)
    assert submitted <= seen

    requests = set(
        MasterDataRequest.objects.filter(status=MasterDataRequest.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    seen = set()
    for user in deciders:
        group = data_requests_to_decide(user=user)
        for item in group.items if group else ():
            pk = int(item.url.rstrip("/").rsplit("/", 1)[-1])
            assert user.has_perm("experts.decide_request", MasterDataRequest.objects.get(pk=pk))
            seen.add(pk)
    assert requests <= seen

    approver = User.objects.get(username="approver")
    client.force_login(approver)
    page = client.get(reverse("core:approvals_inbox")).content.decode()
    assert 'data-testid="decisions-assessments"' in page
