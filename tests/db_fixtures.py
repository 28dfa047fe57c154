"""Rows written by data migrations (role groups, currencies) survive transactional tests.

A transactional test (`django_db(transaction=True)`, every browser test) ends with a flush that
empties every table, so the next one would find no role groups. This autouse fixture (registered
in tests/conftest.py) puts them back before each transactional test, from the migration itself.
"""

import importlib

import pytest
from django.apps import apps

DATA_MIGRATIONS = ["kolplatform.core.migrations.0002_roles_and_currencies"]


def restore_migration_data() -> None:
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).create(apps, None)  # get_or_create: safe to repeat


@pytest.fixture(autouse=True)
def _migration_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        restore_migration_data()
