from django.core.management.base import BaseCommand, CommandError

from kolplatform.core.crypto import FieldDecryptionError
from kolplatform.core.key_rotation import field_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model with the first key of "
        "FIELD_ENCRYPTION_KEYS (run after putting a new key in front; then remove the old one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            counts = field_keys_rotate(batch_size=batch_size, stdout=self.stdout)
        except FieldDecryptionError as exc:
            raise CommandError(f"{exc} Nothing in the failing batch was changed.") from exc
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values())} rows re-encrypted."))
