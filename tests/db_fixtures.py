"""Rows written by data migrations survive transactional tests.

A transactional test (`django_db(transaction=True)`, every browser test) ends with a flush that
empties every table, so the next one would find no role groups. This autouse fixture (registered
in tests/conftest.py) puts them back before each transactional test, by running the data
migrations' own forward functions again when the database was emptied.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations import RunPython
from pytest_django.plugin import blocking_manager_key

# The migrations that seed reference rows (roles, currencies, templates, types, routes, tax
# settings, schedules). Schema-only RunPython steps (the audit trigger) are not listed.
DATA_MIGRATIONS = [
    "kolplatform.core.migrations.0002_roles_and_currencies",
    "kolplatform.core.migrations.0004_periodic_tasks",
    "experts.migrations.0003_default_grading_scheme",
    "experts.migrations.0004_assessment_expiry_schedule",
    "experts.migrations.0010_speaker_rating_criterion",
    "contracts.migrations.0004_seed_templates_route_schedules",
    "contracts.migrations.0005_invoice_template_v2",
    "contracts.migrations.0009_seal_pending_schedule",
    "events.migrations.0003_seed_types_routes_rules",
    "events.migrations.0008_event_types_evidence_fields",
    "payments.migrations.0003_seed_tax_settings_route_and_schedules",
    "payments.migrations.0004_onec_exchange_formats",
    "feedback.migrations.0003_default_template",
    "feedback.migrations.0005_reminder_schedule",
    "field.migrations.0002_reference_data",
    "analytics.migrations.0002_bi_views_and_refresh_schedule",
    "webhooks.migrations.0002_sweeper_schedule",
]


def restore_migration_data() -> None:
    """Re-run the seeding steps once the database has been emptied by a flush."""
    if Group.objects.exists():
        return
    schema_editor = SimpleNamespace(connection=connection)
    for name in DATA_MIGRATIONS:
        for operation in importlib.import_module(name).Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, schema_editor)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "transactional_db" in getattr(item, "fixturenames", ()) or (
        marker is not None and marker.kwargs.get("transaction", False)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has been flushed, seed the reference rows again at once, so the
    next test in this process — transactional or not — finds them."""
    yield
    ran = "_migration_data_in_transactional_tests" in getattr(item, "funcargs", {})  # not skipped
    if nextitem is not None and ran and _is_transactional(item):  # after the last: DB is gone
        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data()


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    if _is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        restore_migration_data()
