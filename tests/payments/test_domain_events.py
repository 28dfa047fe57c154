"""payout.status_changed, event.status_changed and feedback.response_received are emitted once
per change, with their payload, after the commit (kolplatform.core.hooks)."""

from decimal import Decimal as D

import pytest

from events.services import event_cancel
from feedback.errors import AlreadyAnswered
from feedback.services import response_submit
from kolplatform.core import hooks
from payments import services
from payments.models import Payout
from tests.factories.events import EventFactory
from tests.factories.feedback import SurveyFactory
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status


def test_payout_status_changes_are_emitted_on_commit(finance, django_capture_on_commit_callbacks):
    with hooks.listening("payout.status_changed") as received:
        with django_capture_on_commit_callbacks(execute=True):
            payout = services.payout_create_from_act(
                act=signed_act(amount=D("20000.00")), actor=finance
            )
            assert received == []
        with django_capture_on_commit_callbacks(execute=True):
            services.payout_cancel(payout=payout, actor=finance, comment="Дубль")
    base = {"payout_id": payout.pk, "expert_id": payout.expert_id, "actor_id": finance.pk}
    assert received == [
        base | {"from_status": S.PENDING_CHECKS, "to_status": S.READY},
        base | {"from_status": S.READY, "to_status": S.CANCELLED},
    ]


def test_event_status_change_is_emitted_on_commit(django_capture_on_commit_callbacks):
    event = EventFactory()
    with (
        hooks.listening("event.status_changed") as received,
        django_capture_on_commit_callbacks(execute=True),
    ):
        event_cancel(event=event, actor=event.owner, comment="Перенос")
    assert received == [
        {
            "event_id": event.pk,
            "from_status": "draft",
            "to_status": "cancelled",
            "actor_id": event.owner.pk,
        }
    ]


def test_feedback_response_received_once(django_capture_on_commit_callbacks):
    survey = SurveyFactory()
    with hooks.listening("feedback.response_received") as received:
        with django_capture_on_commit_callbacks(execute=True):
            response = response_submit(survey=survey, device_id="d1", answers=[])
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(AlreadyAnswered):
            response_submit(survey=survey, device_id="d1", answers=[])  # the same device again
    assert received == [
        {"response_id": response.pk, "survey_id": survey.pk, "event_id": survey.event_id}
    ]
