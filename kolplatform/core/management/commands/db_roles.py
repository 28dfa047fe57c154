from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kolplatform.core.dbroles import RoleError, app_role_setup


class Command(BaseCommand):
    help = (
        "PostgreSQL: create the application role (DATABASE_APP_ROLE, password from "
        "DATABASE_APP_PASSWORD) and grant it what the product needs; the audit log stays "
        "read-and-append only. Run as the owner of the tables, after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app-role",
            default=settings.DATABASE_APP_ROLE,
            help="the role web, worker and beat connect as (default: DATABASE_APP_ROLE)",
        )

    def handle(self, *args, app_role="", **options):
        if connection.vendor != "postgresql":
            raise CommandError("db_roles needs PostgreSQL (DATABASE_URL=postgres://...).")
        if not app_role:
            raise CommandError("Name the application role: DATABASE_APP_ROLE or --app-role.")
        connection.ensure_connection()
        try:
            with transaction.atomic():
                done = app_role_setup(
                    connection=connection.connection,
                    app_role=app_role,
                    password=settings.DATABASE_APP_PASSWORD or None,
                )
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        for line in done:
            self.stdout.write(line)
