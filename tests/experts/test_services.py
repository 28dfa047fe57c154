"""Services of the expert base: approvals change tiers, merge moves every relation, privacy."""

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from experts.errors import DataRequestError, GradingError, MergeError
from experts.models import (
    Assessment,
    Expert,
    ExpertBankDetails,
    GradingCriterion,
    MasterDataRequest,
    TierChange,
)
from experts.services.grading import (
    assessment_approve,
    assessment_reject,
    assessment_score,
    assessment_start,
    assessment_submit,
    assessments_notify_expiring,
)
from experts.services.merge import expert_merge
from experts.services.privacy import expert_erase, expert_export_data
from experts.services.requests import data_request_approve, data_request_create
from kolplatform.core.models import AuditLog, Notification
from kolplatform.core.roles import Role
from tests.factories.events import ParticipantFactory, ProgramItemFactory
from tests.factories.experts import (
    ActivityFactory,
    BankDetailsFactory,
    ConsentFactory,
    ExpertFactory,
)
from tests.factories.payments import PayoutFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grader(make_user):
    return make_user(Role.FIELD_STAFF)


@pytest.fixture
def steward(make_user):
    return make_user(Role.MARKETING_MANAGER)


@pytest.fixture
def decider(make_user):
    """Gradings are decided by approvers (docs/decisions/experts.md)."""
    return make_user(Role.APPROVER)


def graded(expert, grader, fraction=1.0):
    a = assessment_start(expert=expert, actor=grader)
    scores = {
        c.pk: (round(c.max_score * fraction), "evidence") for c in GradingCriterion.objects.all()
    }
    a = assessment_score(assessment=a, actor=grader, scores=scores)
    return assessment_submit(assessment=a, actor=grader)


def test_approval_changes_tier_records_history_and_validity(grader, decider):
    expert = ExpertFactory(tier="")
    a = graded(expert, grader, fraction=0.6)
    assert a.total == Decimal("60.00") and a.resulting_tier == "regional"
    assert Expert.objects.get(pk=expert.pk).tier == ""  # not before approval
    assert Notification.objects.filter(recipient=decider).exists()
    a = assessment_approve(assessment=a, actor=decider, comment="ok")
    expert.refresh_from_db()
    assert expert.tier == "regional"
    change = TierChange.objects.get(expert=expert)
    assert (change.from_tier, change.to_tier, change.assessment_id) == ("", "regional", a.pk)
    assert a.valid_until == _months_later(timezone.localdate(), 24)
    assert AuditLog.objects.filter(action="transition", to_state="approved").exists()


def _months_later(day, months):
    from experts.services.grading import add_months

    return add_months(day, months)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 11, 15), 24, date(2027, 11, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    from experts.services.grading import add_months

    assert add_months(day, months) == expected


def test_submit_needs_every_score_and_author_cannot_decide(grader, decider):
    expert = ExpertFactory()
    a = assessment_start(expert=expert, actor=grader)
    first = GradingCriterion.objects.first()
    a = assessment_score(assessment=a, actor=grader, scores={first.pk: (3, "")})
    with pytest.raises(GradingError, match="Score every criterion"):
        assessment_submit(assessment=a, actor=grader)
    a = graded(ExpertFactory(), decider)
    with pytest.raises(GradingError, match="yourself"):
        assessment_approve(assessment=a, actor=decider)
    with pytest.raises(GradingError, match="scale"):
        assessment_score(
            assessment=assessment_start(expert=ExpertFactory(), actor=grader),
            actor=grader,
            scores={first.pk: (first.max_score + 1, "")},
        )


def test_rejection_needs_a_reason_and_keeps_tier(grader, decider):
    expert = ExpertFactory(tier="local")
    a = graded(expert, grader)
    with pytest.raises(GradingError):
        assessment_reject(assessment=a, actor=decider, comment=" ")
    a = assessment_reject(assessment=a, actor=decider, comment="нет доказательств")
    assert a.status == Assessment.Status.REJECTED
    assert Expert.objects.get(pk=expert.pk).tier == "local"


def test_expiring_assessment_creates_one_task(grader, decider):
    expert = ExpertFactory(responsible=grader)
    a = assessment_approve(assessment=graded(expert, grader), actor=decider)
    Assessment.objects.filter(pk=a.pk).update(valid_until=timezone.localdate() + timedelta(days=10))
    assert assessments_notify_expiring() == 1
    assert assessments_notify_expiring() == 0  # deduplicated: safe to run daily
    n = Notification.objects.get(
        recipient=grader, dedup_key__startswith="experts:assessment-expiry"
    )
    assert str(expert) in n.title
    Assessment.objects.filter(pk=a.pk).update(valid_until=timezone.localdate() + timedelta(days=90))
    Notification.objects.all().delete()
    assert assessments_notify_expiring() == 0


def test_merge_moves_every_relation(steward):
    survivor = ExpertFactory(email="", crm_id="S-1", provider_id=None)
    duplicate = ExpertFactory(email="dup@example.com", crm_id="D-1", provider_id="P-9")
    ConsentFactory(expert=duplicate)
    ActivityFactory(expert=duplicate)
    BankDetailsFactory(expert=duplicate)
    program_item = ProgramItemFactory(speaker=duplicate)
    participation = ParticipantFactory(expert=duplicate)
    payout = PayoutFactory(act__order__contract__expert=duplicate)
    contract = payout.contract
    report = expert_merge(survivor=survivor, duplicate=duplicate, actor=steward)

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    program_item, participation, payout, contract = (
        type(o)._base_manager.get(pk=o.pk) for o in (program_item, participation, payout, contract)
    )
    assert program_item.speaker == survivor
    assert participation.expert == survivor
    assert payout.expert == survivor and contract.expert == survivor
    assert survivor.consents.count() == 1 and survivor.activities.count() == 1
    assert ExpertBankDetails.objects.get().expert == survivor
    assert survivor.email == "dup@example.com" and survivor.provider_id == "P-9"
    assert survivor.crm_id == "S-1" and duplicate.crm_id == "D-1"
    assert duplicate.merged_into == survivor and not duplicate.is_active
    # Nothing of any related model points at the duplicate any more.
    for rel in Expert._meta.related_objects:
        if rel.many_to_many or rel.related_model is MasterDataRequest:
            continue
        assert not rel.related_model._base_manager.filter(**{rel.field.name: duplicate}).exists(), (
            rel
        )
    assert "contracts.contract.expert" in report["relations"]
    with pytest.raises(MergeError):
        expert_merge(survivor=survivor, duplicate=duplicate, actor=steward)


def test_merge_request_needs_another_steward(steward, make_user):
    other = make_user(Role.ADMIN)
    a, b = ExpertFactory(), ExpertFactory()
    request = data_request_create(
        kind=MasterDataRequest.Kind.MERGE, actor=steward, expert=a, other_expert=b, payload={}
    )
    with pytest.raises(DataRequestError):
        data_request_approve(request=request, actor=steward)
    data_request_approve(request=request, actor=other)
    assert Expert.objects.get(pk=b.pk).merged_into_id == a.pk


def test_new_expert_request_creates_the_expert_on_approval(grader, steward):
    request = data_request_create(
        kind=MasterDataRequest.Kind.NEW_EXPERT,
        actor=grader,
        payload={"last_name": "Новиков", "first_name": "Илья", "is_active": False},
    )
    request = data_request_approve(request=request, actor=steward)
    expert = Expert.objects.get(last_name="Новиков")
    assert request.expert == expert and expert.is_active is False


def test_export_and_erase(steward):
    expert = ExpertFactory(last_name="Орлова", email="o@example.com")
    ConsentFactory(expert=expert)
    ActivityFactory(expert=expert)
    BankDetailsFactory(expert=expert)
    payload = expert_export_data(expert=expert, actor=steward)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["profile"]["last_name"] == "Орлова"
    assert data["bank_details"]["account"] == "40817810099910004312"
    assert AuditLog.objects.filter(action="export").exists()

    expert_erase(expert=expert, actor=steward, reason="Запрос № 15 от 01.11.2026")
    expert.refresh_from_db()
    assert "Орлова" not in expert.full_name and expert.email == "" and expert.erased_at
    assert not expert.activities.exists() and not ExpertBankDetails.objects.exists()
    assert expert.consents.count() == 1  # kept: evidence we were allowed to process
    assert AuditLog.objects.filter(comment__contains="Запрос № 15").exists()
    from experts.consent import consent_blocking_reason

    assert "erased" in consent_blocking_reason(expert=expert)


def test_bank_details_are_encrypted_at_rest():
    from django.db import connection

    from experts.bank import bank_details_are_complete, bank_details_snapshot

    details = BankDetailsFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account, inn FROM experts_expertbankdetails WHERE id = %s", [details.pk]
        )
        account, inn = cursor.fetchone()
    assert "40817810099910004312" not in account and "770123456789" not in inn
    assert bank_details_are_complete(expert=details.expert)
    assert bank_details_snapshot(expert=details.expert)["bik"] == "044525225"
    assert not bank_details_are_complete(expert=ExpertFactory())
