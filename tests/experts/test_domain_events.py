"""expert.created and expert.updated are emitted once, with their payload, after the commit of
the service's transaction, and not at all when it rolls back (kolplatform.core.hooks)."""

import pytest
from django.db import transaction

from experts.services.experts import expert_create, expert_update
from kolplatform.core import hooks
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db


def test_expert_created_once_on_commit(admin_user, django_capture_on_commit_callbacks):
    with (
        hooks.listening("expert.created") as received,
        django_capture_on_commit_callbacks(execute=True),
    ):
        expert = expert_create(actor=admin_user, last_name="Иванов", first_name="Иван")
        assert received == []
    assert received == [{"expert_id": expert.pk, "actor_id": admin_user.pk}]


def test_expert_updated_names_the_changed_fields(admin_user, django_capture_on_commit_callbacks):
    expert = ExpertFactory(position="Врач")
    with (
        hooks.listening("expert.updated") as received,
        django_capture_on_commit_callbacks(execute=True),
    ):
        expert_update(expert=expert, actor=admin_user, position="Профессор")
        expert_update(expert=expert, actor=admin_user, position="Профессор")  # no change
    assert received == [{"expert_id": expert.pk, "actor_id": admin_user.pk, "fields": ["position"]}]


def test_nothing_is_emitted_when_the_transaction_rolls_back(
    admin_user, django_capture_on_commit_callbacks
):
    with (
        hooks.listening("expert.created") as received,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        expert_create(actor=admin_user, last_name="Петров", first_name="Пётр")
        raise RuntimeError
    assert received == []


# --- The distribute step of master-data change requests: an approved change goes out ------------


def _approve(kind, *, proposer, steward, capture, **kwargs):
    from experts.services.requests import data_request_approve, data_request_create

    request = data_request_create(kind=kind, actor=proposer, **kwargs)
    with hooks.listening("expert.updated") as received, capture(execute=True):
        data_request_approve(request=request, actor=steward)
    return received


def test_an_approved_bank_details_change_emits_expert_updated(
    admin_user, django_capture_on_commit_callbacks
):
    from experts.models import MasterDataRequest
    from tests.factories.experts import KolUserFactory

    kol = KolUserFactory()
    received = _approve(
        MasterDataRequest.Kind.BANK_DETAILS,
        proposer=kol,
        steward=admin_user,
        capture=django_capture_on_commit_callbacks,
        expert=kol.expert,
        payload={"bik": "044525225", "account": "40817810099910004312"},
    )
    assert received == [
        {"expert_id": kol.expert.pk, "actor_id": admin_user.pk, "fields": ["bank_details"]}
    ]


def test_an_approved_change_of_expert_data_emits_expert_updated(
    admin_user, marketing_manager, django_capture_on_commit_callbacks
):
    from experts.models import MasterDataRequest

    expert = ExpertFactory(city="Тула")
    received = _approve(
        MasterDataRequest.Kind.CHANGE_EXPERT,
        proposer=marketing_manager,
        steward=admin_user,
        capture=django_capture_on_commit_callbacks,
        expert=expert,
        payload={"city": "Тверь"},
    )
    assert received == [{"expert_id": expert.pk, "actor_id": admin_user.pk, "fields": ["city"]}]


def test_an_approved_merge_emits_expert_updated_for_both_records(
    admin_user, marketing_manager, django_capture_on_commit_callbacks
):
    from experts.models import MasterDataRequest

    survivor, duplicate = ExpertFactory(), ExpertFactory()
    received = _approve(
        MasterDataRequest.Kind.MERGE,
        proposer=marketing_manager,
        steward=admin_user,
        capture=django_capture_on_commit_callbacks,
        expert=survivor,
        other_expert=duplicate,
        payload={},
    )
    by_expert = {p["expert_id"]: p["fields"] for p in received}
    assert "merged_duplicates" in by_expert[survivor.pk]
    assert by_expert[duplicate.pk] == ["is_active", "merged_into"]


def test_bank_details_saved_unchanged_emit_nothing(admin_user, django_capture_on_commit_callbacks):
    from experts.services.experts import bank_details_save

    expert = ExpertFactory()
    data = {"bik": "044525225"}
    bank_details_save(expert=expert, actor=admin_user, data=data, verified=True)
    with (
        hooks.listening("expert.updated") as received,
        django_capture_on_commit_callbacks(execute=True),
    ):
        bank_details_save(expert=expert, actor=admin_user, data=data, verified=True)
    assert received == []
