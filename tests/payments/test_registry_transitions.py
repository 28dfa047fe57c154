"""An accountant's registry export moves each payout through its `add_to_registry` transition (the
FSM signal fires once per payout) and leaves one transition record per payout."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django_fsm.signals import post_transition

from kolplatform.core.models import AuditLog
from payments import services
from payments.models import Payout
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status


@pytest.fixture
def approved(finance):
    payouts = []
    for amount in (D("100000.00"), D("50000.00"), D("20000.00")):
        p = services.payout_create_from_act(act=signed_act(amount=amount), actor=finance)
        payouts.append(services.payout_approve(payout=p, actor=finance))
    return payouts


@pytest.fixture
def transitions():
    seen = []

    def record(sender, instance, name, source, target, **kwargs):
        if sender is Payout:
            seen.append((instance.pk, name, source, target))

    post_transition.connect(record, weak=False)
    yield seen
    post_transition.disconnect(record)


def test_export_through_http_runs_add_to_registry_for_each_payout(
    client, finance, approved, transitions
):
    ids = [p.pk for p in approved]
    client.force_login(finance)
    response = client.post(reverse("payments:registry_export"), {"payout": ids})
    assert response.status_code == 302
    assert sorted(transitions) == [(pk, "add_to_registry", S.APPROVED, S.IN_REGISTRY) for pk in ids]
    payouts = Payout.objects.filter(pk__in=ids)
    assert {(p.status, p.registry_id is not None) for p in payouts} == {(S.IN_REGISTRY, True)}
    records = AuditLog.objects.filter(
        content_type__model="payout", action=AuditLog.Action.TRANSITION, to_state=S.IN_REGISTRY
    )
    assert sorted((int(r.object_id), r.from_state, r.actor_id) for r in records) == [
        (pk, S.APPROVED, finance.pk) for pk in ids
    ]


def test_export_refused_through_http_moves_nothing(client, finance, approved, transitions):
    services.registry_export(payout_ids=[approved[0].pk], actor=finance)
    transitions.clear()
    client.force_login(finance)
    client.post(reverse("payments:registry_export"), {"payout": [p.pk for p in approved]})
    assert transitions == []
    assert list(
        Payout.objects.filter(pk__in=[p.pk for p in approved[1:]]).values_list("status", flat=True)
    ) == [S.APPROVED, S.APPROVED]
