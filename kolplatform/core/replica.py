"""Reads for analytics and the BI feed from a PostgreSQL read replica (DATABASE_REPLICA_URL).

Settings add the database alias `replica` when DATABASE_REPLICA_URL is set, and install
`ReplicaRouter`. Writes always go to `default`. A read goes to the replica only inside
`replica_reads()` (the `read_from_replica` view decorator): the dashboard, its drill-downs, KPI,
ROI and the BI feed, which show data as of the last summary refresh anyway and tolerate the
replica's lag of a few seconds. Everything else — and any read inside a transaction on `default`
(a read that precedes a write must see the primary) — stays on `default`. Without the setting
nothing changes: every read goes to `default`.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads():
    """Reads in this block go to the replica when there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def _streamed(iterator):
    with replica_reads():
        yield from iterator


def read_from_replica(view):
    """A read-only view whose queries go to the replica (a streamed body too). Put it below
    login_required, so the session and the user are read from `default`."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            response = view(*args, **kwargs)
        if getattr(response, "streaming", False):
            response.streaming_content = _streamed(response.streaming_content)
        return response

    return wrapped


class ReplicaRouter:
    """DATABASE_ROUTERS entry: see the module docstring."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or not replica_configured():
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
