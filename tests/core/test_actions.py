"""core.errors and core.actions: one domain error base, one way for a view to run a service."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from analytics.services import DataImportError
from contracts.errors import ContractError, SigningError
from events.services import EventError
from events.upstream import OrderError
from experts.errors import ExpertsError, MergeError
from feedback.errors import FeedbackError, SurveyClosed
from kolplatform.core.actions import run_service
from kolplatform.core.approvals import ApprovalError
from kolplatform.core.errors import DomainError
from payments.formats import FormatError
from payments.services import PayoutError


@pytest.mark.parametrize(
    "error",
    [
        ExpertsError,
        MergeError,
        ContractError,
        SigningError,
        EventError,
        OrderError,
        PayoutError,
        FormatError,
        FeedbackError,
        SurveyClosed,
        DataImportError,
        ApprovalError,
    ],
)
def test_module_errors_are_domain_errors(error):
    exc = error("Нельзя.", field="amount")
    assert isinstance(exc, DomainError)
    assert (exc.message, exc.field, str(exc)) == ("Нельзя.", "amount", "Нельзя.")


def test_domain_error_without_message():
    assert DomainError().message == "" and DomainError().field is None


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_run_service_success_shows_the_success_message():
    request = _request()
    calls = []
    assert run_service(request, lambda: calls.append(1), success="Готово.") is True
    assert calls == [1] and _messages(request) == [("success", "Готово.")]


def test_run_service_without_success_message_shows_nothing():
    request = _request()
    assert run_service(request, lambda: None) is True
    assert _messages(request) == []


def test_run_service_turns_a_domain_error_into_an_error_message():
    request = _request()

    def refuse():
        raise PayoutError("The payout was changed by someone else; reload the page.")

    assert run_service(request, refuse, success="never") is False
    assert _messages(request) == [
        ("error", "The payout was changed by someone else; reload the page.")
    ]


def test_run_service_lets_a_defect_propagate():
    request = _request()

    def broken():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_service(request, broken, success="never")
    assert _messages(request) == []
