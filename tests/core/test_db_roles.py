"""The application's database role cannot erase the audit log: it owns no table, so TRUNCATE and
ALTER TABLE ... DISABLE TRIGGER are refused, and on the audit table it may only read and append.

The test database is owned by the test runner's superuser (the owner role here); the application
role is made by the product's own `manage.py db_roles`, and statements run under it with SET
ROLE. Everything happens inside the test's transaction, so the role vanishes with the rollback.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)"),
]


@pytest.fixture
def app_role(db):
    """A non-owner role with the product's grants, named after this test database (parallel
    runs share the server)."""
    name = f"{connection.settings_dict['NAME']}_app".lower()[:63]
    out = StringIO()
    call_command("db_roles", "--app-role", name, stdout=out)
    assert "only on core_auditlog" in out.getvalue()
    return name


def run_as(role: str, sql: str, params=None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql, params)


@pytest.fixture
def audit_row(db, compliance):
    return audit_log(actor=compliance, action=AuditLog.Action.EXPORT, comment="отчёт")


def test_app_role_appends_and_reads_the_audit_log(app_role, compliance):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        row = audit_log(actor=compliance, action=AuditLog.Action.EXPORT, comment="as app")
        assert AuditLog.objects.filter(pk=row.pk, comment="as app").exists()


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("TRUNCATE core_auditlog", "permission denied"),
        ("TRUNCATE core_auditlog CASCADE", "permission denied"),
        ("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_append_only", "must be owner"),
        ("ALTER TABLE core_auditlog DISABLE TRIGGER ALL", "must be owner"),
        ("DROP TRIGGER core_auditlog_append_only ON core_auditlog", "must be owner"),
        ("DROP TABLE core_auditlog CASCADE", "must be owner"),
        ("UPDATE core_auditlog SET comment = 'подделка' WHERE id = %s", "permission denied"),
        ("DELETE FROM core_auditlog WHERE id = %s", "permission denied"),
    ],
)
def test_app_role_cannot_erase_or_unprotect_the_audit_log(app_role, audit_row, sql, error):
    params = [audit_row.pk] if "%s" in sql else None
    with pytest.raises(DatabaseError, match=error):
        run_as(app_role, sql, params)
    assert AuditLog.objects.get(pk=audit_row.pk).comment == "отчёт"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'core_auditlog_append_only'"
        )
        assert cursor.fetchone() == ("O",)  # still enabled


def test_app_role_privileges_on_the_audit_log_are_select_and_insert(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', "
            "'REFERENCES', 'TRIGGER']) AS p WHERE has_table_privilege(%s, 'core_auditlog', p)",
            [app_role],
        )
        assert sorted(p for (p,) in cursor.fetchall()) == ["INSERT", "SELECT"]


def test_app_role_cannot_truncate_other_tables_either(app_role, compliance):
    with pytest.raises(DatabaseError, match="permission denied"):
        run_as(app_role, "TRUNCATE core_document")
    run_as(app_role, "UPDATE core_user SET first_name = first_name WHERE id = %s", [compliance.pk])


def test_the_product_works_under_the_app_role(app_role, client, marketing_manager):
    """A real request (session, list, export) under the app role writes its audit record."""
    client.force_login(marketing_manager)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        response = client.get(reverse("experts:export", args=["csv"]))
        assert response.status_code == 200
        b"".join(response.streaming_content)
        assert AuditLog.objects.filter(
            actor=marketing_manager, action=AuditLog.Action.EXPORT
        ).exists()
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role,)


def test_db_roles_refuses_to_run_as_the_app_role(app_role):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        with pytest.raises(CommandError, match="run this as the owner"):
            call_command("db_roles", "--app-role", app_role, stdout=StringIO())


@pytest.mark.parametrize("name", ["App", "x; DROP TABLE core_user", "", "1abc"])
def test_db_roles_refuses_a_bad_role_name(db, name):
    with pytest.raises(CommandError, match="valid role name|Name the application role"):
        call_command("db_roles", "--app-role", name, stdout=StringIO())
