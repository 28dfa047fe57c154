"""Property-based run of /api/v1/ against its own OpenAPI schema: no request, however odd,
makes the server answer 5xx, nor does a sequence that follows the schema's links. Bounded (5
examples per operation, 10 sequences, derandomized) to stay well under two minutes; marker
`schemathesis` (it runs with the rest of the suite)."""

import pytest
import schemathesis
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from kolplatform.core.roles import Role
from tests.factories.events import EventFactory, ParticipantFactory
from tests.factories.experts import ExpertFactory

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]
EXAMPLES = 5


@pytest.fixture
def connection_kept_across_requests():
    """As Django's test client does: a request does not close the connection, which holds the
    test's transaction (on PostgreSQL it would be closed at the first request)."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


def test_no_server_errors(make_key, connection_kept_across_requests):
    ExpertFactory.create_batch(3)
    ParticipantFactory(event=EventFactory())
    _api_key, key = make_key(["*"], role=Role.ADMIN)
    headers = {"Authorization": f"Api-Key {key}"}
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app).include(
        path_regex=r"^/api/v1/"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # collect every failing operation, then report them all
            failures.append(f"{operation.label}: {str(exc)[:500]}")
    assert not failures, "\n".join(failures)


def test_stateful_links_find_no_server_errors(make_key, connection_kept_across_requests):
    """Along the schema's links (api/schema.py: the `201` of a create links to reading and
    changing what it made): sequences of create -> read / change of experts and institutions,
    bounded (10 sequences of up to 4 calls, derandomized), none answered 5xx."""
    ExpertFactory.create_batch(2)
    _api_key, key = make_key(["*"], role=Role.ADMIN)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    schema = schema.include(path_regex=r"^/api/v1/(experts|institutions)/(\{id\}/)?$")
    followed = []

    class Links(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Api-Key {key}"}}

        def after_call(self, response, case):
            followed.append((case.operation.label, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=[not_a_server_error])

    Links.run(
        settings=settings(
            max_examples=EXAMPLES * 2,
            stateful_step_count=4,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert any(label.startswith("POST") and status == 201 for label, status in followed)
    assert any("{id}" in label for label, _status in followed)  # a link was followed
