"""The one extension mechanism (kolplatform.core.hooks): typed events dispatched on commit only,
one failing subscriber does not stop the others, registration only in AppConfig.ready(), and the
navigation names no business URL."""

import inspect
import logging

import pytest
from django.db import transaction

from kolplatform.core import approvals, cabinet, hooks, navigation


def test_unknown_event_and_wrong_payload_are_refused():
    with pytest.raises(hooks.HookError, match="unknown event"):
        hooks.emit("expert.renamed", expert_id=1)
    with pytest.raises(hooks.HookError, match="payload keys"):
        hooks.emit("expert.created", expert_id=1)  # actor_id missing


@pytest.mark.django_db
def test_event_is_dispatched_after_commit_and_not_on_rollback(django_capture_on_commit_callbacks):
    with hooks.listening("expert.created") as received:
        with django_capture_on_commit_callbacks(execute=True):
            hooks.emit("expert.created", expert_id=7, actor_id=None)
            assert received == []  # not before the commit
        assert received == [{"expert_id": 7, "actor_id": None}]
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    hooks.emit("expert.created", expert_id=8, actor_id=None)
                    raise RuntimeError
            except RuntimeError:
                pass
        assert received == [{"expert_id": 7, "actor_id": None}]


@pytest.mark.django_db
def test_a_failing_subscriber_is_logged_and_the_others_still_run(
    django_capture_on_commit_callbacks, caplog
):
    def broken(**payload):
        raise ValueError("broken subscriber")

    with (
        hooks.subscribed("act.signed", "a_broken", broken),
        hooks.listening("act.signed") as got,
        caplog.at_level(logging.ERROR, logger="kolplatform.core.hooks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hooks.emit("act.signed", act_id=1, contract_id=2, expert_id=3, actor_id=None)
    assert got == [{"act_id": 1, "contract_id": 2, "expert_id": 3, "actor_id": None}]
    assert "a_broken" in caplog.text and "broken subscriber" in caplog.text


def test_hooks_are_registered_in_app_ready_only():
    with pytest.raises(hooks.HookError, match="AppConfig.ready"):
        hooks.contribute(hooks.CABINET_CARD, "late", lambda *, expert: None)
    with pytest.raises(hooks.HookError, match="AppConfig.ready"):
        hooks.subscribe("act.signed", "late", lambda **payload: None)


def test_every_cross_module_contribution_comes_through_the_hooks():
    assert {
        key: type(handler).__name__
        for key in ("contracts.contract", "events.event", "payments.payout")
        if (handler := hooks.contribution(hooks.APPROVAL_HANDLER, key))
    } == {
        "contracts.contract": "ApprovalHandler",
        "events.event": "ApprovalHandler",
        "payments.payout": "ApprovalHandler",
    }
    assert [f.__name__ for f in hooks.contributions(hooks.ACT_SIGNED)] == ["payout_create_from_act"]
    assert [f.__name__ for f in hooks.contributions(hooks.COMMITMENT_LIMITS)] == [
        "contract_cap_lines",
        "annual_cap_lines",
    ]
    assert [f.__name__ for f in hooks.contributions(hooks.INVOICE_SIGNED)] == [
        "payout_attach_signed_invoice"
    ]
    assert [f.__name__ for f in hooks.contributions(hooks.CABINET_CARD)] == [
        "upcoming_events_card",
        "payouts_in_progress_card",
    ]
    assert [f.__name__ for f in hooks.contributions(hooks.PROFILE_SECTION)][:2] == [
        "contracts_section",
        "caps_section",
    ]
    assert [f.__module__ for f in hooks.contributions(hooks.PROFILE_SECTION)] == [
        "contracts.profile",
        "contracts.profile",
        "events.profile",
        "events.profile",
        "payments.profile",
        "field.profile",
        "feedback.profile",
    ]


def test_no_home_made_registry_is_left_in_core():
    for module in (approvals, cabinet, navigation):
        source = inspect.getsource(module)
        assert "_HANDLERS" not in source and "_PROVIDERS" not in source
        assert "def register_" not in source


@pytest.mark.parametrize("app", ["experts", "contracts", "events", "payments", "feedback", "field"])
def test_core_navigation_names_no_business_url(app):
    assert f'"{app}:' not in inspect.getsource(navigation)


def test_menu_keeps_its_order():
    assert [item.url_name for item in hooks.contributions(hooks.NAV_ITEM)] == [
        "home",
        "experts:list",
        "contracts:list",
        "field:today",
        "field:team",
        "events:list",
        "feedback:overview",
        "events:my_tasks",
        "core:approvals_inbox",
        "payments:list",
        "events:compliance_calendar",
        "payments:transparency",
        "analytics:dashboard",
        "core:audit_log",
        "api_keys:list",
        "webhooks:endpoints",
        "reference_data",
        "contracts:cabinet_home",
        "contracts:cabinet_documents",
        "events:cabinet_events",
        "payments:cabinet_payouts",
        "experts:cabinet_profile",
    ]


@pytest.mark.django_db
def test_an_in_transaction_subscriber_runs_inside_emit():
    seen = []
    name = "_test_in_transaction"
    hooks._in_transaction["act.signed"][name] = lambda **payload: seen.append(payload)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            hooks.emit("act.signed", act_id=1, contract_id=2, expert_id=3, actor_id=None)
            assert seen == [{"act_id": 1, "contract_id": 2, "expert_id": 3, "actor_id": None}]
            raise RuntimeError  # the subscriber's writes would roll back with the emitter's
    finally:
        hooks._in_transaction["act.signed"].pop(name)
    with pytest.raises(hooks.HookError, match="AppConfig.ready"):
        hooks.subscribe("act.signed", "late", lambda **payload: None, in_transaction=True)


@pytest.mark.django_db  # the outbox's own batch form reads the endpoints
def test_emit_many_gives_a_batch_form_all_payloads_at_once_and_the_others_one_by_one(
    django_capture_on_commit_callbacks,
):
    one_by_one, batches = [], []
    payloads = [{"act_id": n, "contract_id": 2, "expert_id": 3, "actor_id": None} for n in range(3)]
    hooks._in_transaction["act.signed"]["_single"] = lambda **p: one_by_one.append(p)
    hooks._in_transaction["act.signed"]["_batch"] = lambda **p: pytest.fail("batch form unused")
    hooks._in_transaction_many["act.signed"]["_batch"] = batches.append
    try:
        with (
            hooks.listening("act.signed") as after_commit,
            django_capture_on_commit_callbacks(execute=True),
        ):
            hooks.emit_many("act.signed", payloads)
    finally:
        hooks._in_transaction["act.signed"].pop("_single")
        hooks._in_transaction["act.signed"].pop("_batch")
        hooks._in_transaction_many["act.signed"].pop("_batch")
    assert one_by_one == payloads and batches == [payloads] and after_commit == payloads
    with pytest.raises(hooks.HookError):
        hooks.emit_many("act.signed", [{"act_id": 1}])
