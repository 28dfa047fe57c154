from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kolplatform.core.backup import BackupError, Database, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Check a backup against its manifest, then restore it into an empty PostgreSQL database "
        "and an empty media directory. Run as the owner role."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup directory")
        parser.add_argument(
            "--database-url",
            help="the empty database to restore into (default: DATABASE_URL)",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            default=settings.MEDIA_ROOT,
            help="the empty directory for the media files (default: MEDIA_ROOT)",
        )
        parser.add_argument(
            "--verify-only", action="store_true", help="only check the backup; restore nothing"
        )

    def handle(self, *args, backup, database_url=None, media_root, verify_only=False, **options):
        try:
            if verify_only:
                manifest = backup_verify(path=backup)
            else:
                database = (
                    Database.from_url(database_url)
                    if database_url
                    else Database.from_settings(settings.DATABASES["default"])
                )
                manifest = backup_restore(path=backup, database=database, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"{'Verified' if verify_only else 'Restored'}: {backup} ({manifest['created_at']}), "
            f"{len(tables)} tables, {sum(tables.values())} rows, "
            f"{len(manifest['media'])} media files."
        )
