import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from experts.models import Expert
from seed.management.commands._modules import MODULES, module_hook
from seed.scale import core as scale
from seed.scale.sql import Run, indexes_deferred, missing_defaults, server_cpu


def check_database() -> None:
    """Refuse, saying how to fix it, what seed_scale cannot work on: another database engine, a
    database not migrated or without the reference data the migrations put in, or one that
    holds scale data already. Nothing is written before these pass."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "seed_scale writes its data with PostgreSQL statements (generate_series, hashes); "
            f"this database is {connection.vendor}. Point DATABASE_URL at a PostgreSQL database, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/kol_scale, and run "
            "`manage.py migrate` first."
        )
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        first = unapplied[0][0]
        raise CommandError(
            f"This database is not migrated: {len(unapplied)} migrations are not applied "
            f"(the first: {first.app_label}.{first.name}). Run `manage.py migrate`, then "
            "seed_scale again."
        )
    if Expert.objects.filter(crm_id__startswith="SCALE-").exists():
        raise CommandError(
            "This database already holds scale data. seed_scale fills an empty, migrated "
            "database: drop and create it (dropdb/createdb), run `manage.py migrate`, then "
            "seed_scale again."
        )
    missing = scale.missing() + missing_defaults()
    for app in MODULES:
        hook = module_hook(app, "scale")
        if hook is not None and hasattr(hook, "missing"):
            missing += hook.missing()
    if missing:
        raise CommandError(
            "seed_scale needs reference data that the migrations put in, and this database "
            "lacks: " + "; ".join(missing) + ". Run seed_scale on a freshly migrated database "
            "(`make scale` drops, creates and migrates it), or restore that data."
        )


def fast_load(stdout) -> None:
    """Session settings of a bulk load: the foreign keys are written consistent by construction,
    so a superuser skips their per-row triggers (session_replication_role); work memory for the
    joins. Without the privilege the load is only slower."""
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")
        else:
            stdout.write("Not a superuser: foreign keys are checked row by row (slower).")


class Command(BaseCommand):
    help = (
        "Generate performance data on PostgreSQL: factor 1 is the size of the seed client "
        "(160 staff, 1,650 KOLs, 3,400 events a year); every module with seed/scale/<app>.py "
        "adds its part, by set-based SQL, deterministic for a --seed value."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Multiplier (1 to 100).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the pseudo-random data.")

    def handle(self, *args, factor=1, seed=1, **options):
        if not 1 <= factor <= 100:
            raise CommandError("--factor must be between 1 and 100.")
        check_database()
        started, cpu = time.monotonic(), time.process_time()
        run = Run(factor=factor, seed=seed, stdout=self.stdout)
        fast_load(self.stdout)
        server = server_cpu()
        # One transaction: a failed run leaves the database as empty as it found it.
        with transaction.atomic(), indexes_deferred(run):
            scale.seed_scale(run=run)
            for app in MODULES:
                hook = module_hook(app, "scale")
                if hook is not None:
                    hook.seed_scale(run=run)
        run.begin("analyze", 1)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("ANALYZE")
        run.done("statistics", 0)
        run.end()
        wall = time.monotonic() - started
        server = server_cpu() - server if server is not None else None
        spent = f"PostgreSQL CPU {server:.1f}s" if server is not None else "PostgreSQL CPU unknown"
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data (factor {factor}, seed {seed}): {run.rows:,} rows in {wall:.1f}s "
                f"({run.rows / max(wall, 1e-6):,.0f} rows/s); CPU: this process "
                f"{time.process_time() - cpu:.1f}s, {spent}"
            )
        )
