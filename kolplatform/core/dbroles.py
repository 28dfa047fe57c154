"""The PostgreSQL role the application runs under, and what it may do.

Two roles: the *owner* owns every table (it runs `manage.py migrate`, `db_roles` and `restore`);
the *application role* (DATABASE_APP_ROLE) serves web, worker and beat. The application role owns
nothing, so it cannot TRUNCATE, ALTER or DROP a table nor disable a trigger; on the audit table it
may only SELECT and INSERT, and the append-only trigger stops UPDATE and DELETE even if a grant
slipped in. Default privileges of the owner give the application role the tables and sequences of
later migrations; `db_roles` after every migrate repairs anything older.
"""

import re

from psycopg import sql

AUDIT_TABLE = "core_auditlog"
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_TABLE_PRIVILEGES = "SELECT, INSERT"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(Exception):
    pass


def check_role_name(name: str) -> str:
    """A role name we are willing to put into DDL: lower-case letters, digits, underscores."""
    if not ROLE_NAME.match(name or ""):
        raise RoleError(
            f"{name!r} is not a valid role name (lower-case letters, digits and underscores, "
            "starting with a letter or underscore, at most 63 characters)"
        )
    return name


def app_role_grant_statements(
    *, app_role: str, owner: str, database: str, schema: str = "public"
) -> list[sql.Composed]:
    """The GRANT/REVOKE statements that give `app_role` exactly what the product needs."""
    role = sql.Identifier(check_role_name(app_role))
    owner_id, schema_id = sql.Identifier(owner), sql.Identifier(schema)
    privileges = sql.SQL(APP_TABLE_PRIVILEGES)
    audit = sql.Identifier(schema, AUDIT_TABLE)
    default = sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} ").format(
        owner_id, schema_id
    )
    return [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(database), role
        ),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, role),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(privileges, schema_id, role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, role),
        default + sql.SQL("GRANT {} ON TABLES TO {}").format(privileges, role),
        default + sql.SQL("GRANT USAGE, SELECT ON SEQUENCES TO {}").format(role),
        # The audit log: read and append only, for the application role and for everybody else.
        sql.SQL("REVOKE ALL ON {} FROM {}, PUBLIC").format(audit, role),
        sql.SQL("GRANT {} ON {} TO {}").format(sql.SQL(AUDIT_TABLE_PRIVILEGES), audit, role),
    ]


def app_role_setup(*, connection, app_role: str, password: str | None = None) -> list[str]:
    """Create (or re-password) `app_role` and grant it the product's privileges in the database
    of `connection` (a psycopg connection of the owner). Returns what was done, line by line."""
    check_role_name(app_role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
        if owner == app_role:
            raise RoleError(
                f"connected as {app_role!r} itself: run this as the owner of the tables "
                "(DATABASE_URL of the owner role), not as the application role"
            )
        done = [_role_ensure(cursor, app_role=app_role, password=password)]
        _check_owns_nothing(cursor, app_role=app_role)
        for statement in app_role_grant_statements(
            app_role=app_role, owner=owner, database=database
        ):
            cursor.execute(statement.as_string(connection))
        done.append(
            f"{app_role}: {APP_TABLE_PRIVILEGES} on the tables of {database} owned by {owner} "
            f"(now and after later migrations); {AUDIT_TABLE_PRIVILEGES} only on {AUDIT_TABLE}"
        )
    return done


def _role_ensure(cursor, *, app_role: str, password: str | None) -> str:
    cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles "
        "WHERE rolname = %s",
        [app_role],
    )
    row = cursor.fetchone()
    role = sql.Identifier(app_role)
    if row is None:
        cursor.execute(
            sql.SQL(
                "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                "NOBYPASSRLS PASSWORD {}"
            ).format(role, sql.Literal(password))
        )
        return f"{app_role}: role created" + ("" if password else " (no password set)")
    if any(row):
        raise RoleError(
            f"role {app_role!r} is a superuser or may create roles/databases or bypass row "
            "security: the application role must be an ordinary role"
        )
    if password:
        cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password)))
        return f"{app_role}: role exists, password set"
    return f"{app_role}: role exists"


def _check_owns_nothing(cursor, *, app_role: str) -> None:
    cursor.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE pg_get_userbyid(c.relowner) = %s AND n.nspname NOT LIKE 'pg\\_%%' "
        "AND n.nspname <> 'information_schema'",
        [app_role],
    )
    (owned,) = cursor.fetchone()
    if owned:
        raise RoleError(
            f"role {app_role!r} owns {owned} tables or other relations and could truncate them; "
            f'hand them to the owner first: REASSIGN OWNED BY "{app_role}" TO <owner role>'
        )
