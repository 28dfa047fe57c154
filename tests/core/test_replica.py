"""The read replica (kolplatform/core/replica.py): analytics reads go to the `replica` alias,
writes and everything else to `default`, and nothing changes when no replica is configured."""

import copy

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from kolplatform.core.replica import REPLICA, ReplicaRouter, replica_reads
from kolplatform.core.roles import Role
from tests.factories.core import UserFactory


@pytest.fixture
def replica_alias(transactional_db):
    """A `replica` alias on the test database itself (a second connection to it), as settings
    make from DATABASE_REPLICA_URL. Added after the test database is set up; the tests commit,
    so both connections see the same rows."""
    connections.settings[REPLICA] = copy.deepcopy(connections["default"].settings_dict)
    # Connect now: the test case only lets in the aliases it knew when it started.
    connections[REPLICA].connect()
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_every_read_goes_to_default(db):
    with replica_reads():
        assert Event.objects.all().db == "default"
    assert ReplicaRouter().db_for_read(Event) is None


def test_reads_go_to_the_replica_only_inside_replica_reads(replica_alias):
    assert Event.objects.all().db == "default"
    with replica_reads():
        assert Event.objects.all().db == REPLICA
        assert ReplicaRouter().db_for_write(Event) == "default"
    assert Event.objects.all().db == "default"
    assert not ReplicaRouter().allow_migrate(REPLICA, "events")
    assert ReplicaRouter().allow_migrate("default", "events")


def test_a_read_inside_a_transaction_stays_on_default(replica_alias):
    # A read that may precede a write must see the primary.
    with replica_reads(), transaction.atomic():
        assert Event.objects.all().db == "default"


def test_the_dashboard_and_the_bi_feed_read_from_the_replica(client, replica_alias):
    manager = UserFactory(role=Role.MARKETING_MANAGER)
    client.force_login(manager)
    replica = connections[REPLICA]
    for url in (
        reverse("analytics:dashboard"),
        reverse("analytics:kpi"),
        reverse("analytics:api", args=["summary"]),
    ):
        with CaptureQueriesContext(replica) as on_replica:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(on_replica.captured_queries) > 0, url
    # A page outside analytics reads default only.
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("core:notifications")).status_code == 200
    assert on_replica.captured_queries == []
