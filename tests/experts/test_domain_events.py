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
