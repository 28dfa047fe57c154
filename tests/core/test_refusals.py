"""Every refused state change says why: each condition of each transition declares its reason,
and a transition from the wrong status names the statuses it runs from."""

import pytest
from django.apps import apps

from kolplatform.core.refusals import model_transitions, transition_refusal
from tests.factories.events import EventFactory

PROJECT_APPS = ("core", "experts", "contracts", "events", "payments", "feedback", "analytics")


def conditioned_transitions():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for transition in model_transitions(model):
            for condition in transition.conditions:
                yield model, transition, condition


def test_there_are_conditioned_transitions():
    assert len({t.name for _, t, _ in conditioned_transitions()}) >= 10


@pytest.mark.parametrize(
    ("model", "transition", "condition"),
    list(conditioned_transitions()),
    ids=lambda v: getattr(v, "__name__", getattr(v, "name", str(v))),
)
def test_each_condition_declares_its_reason(model, transition, condition):
    assert callable(getattr(condition, "refusal", None)), (
        f"{model.__name__}.{transition.name}: condition {condition.__name__} has no @refusal"
    )


@pytest.mark.django_db
def test_wrong_status_names_the_statuses_the_step_runs_from():
    event = EventFactory()  # a draft
    message = transition_refusal(event, "mark_held")
    assert message == (
        "This step is not possible in the status “Draft”; it is possible in “Approved”."
    )
    assert transition_refusal(event, "send_for_approval") is None
