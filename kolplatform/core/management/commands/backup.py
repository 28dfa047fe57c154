from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kolplatform.core.backup import BackupError, Database, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump custom format) and MEDIA_ROOT into a new "
        "directory with a manifest of SHA-256 hashes and row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest",
            type=Path,
            default=settings.BACKUP_DIR,
            help="where the backup directory is created (default: BACKUP_DIR, var/backups)",
        )

    def handle(self, *args, dest, **options):
        try:
            database = Database.from_settings(settings.DATABASES["default"])
            path = backup_create(dest=dest, database=database, media_root=settings.MEDIA_ROOT)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(path.as_posix())
