import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from seed.management.commands._modules import MODULES, module_hook
from seed.scale import core as scale


class Command(BaseCommand):
    help = (
        "Generate performance data: factor 1 is the size of the seed client (160 staff, 1,650 "
        "KOLs, 3,400 events a year); every module with seed/scale/<app>.py adds its part."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Multiplier (1 to 100).")

    def handle(self, *args, factor=1, **options):
        if not 1 <= factor <= 100:
            raise CommandError("--factor must be between 1 and 100.")
        started = time.monotonic()
        scale.seed_scale(factor=factor, stdout=self.stdout)
        for app in MODULES:
            hook = module_hook(app, "scale")
            if hook is None:
                continue
            with transaction.atomic():
                hook.seed_scale(factor=factor, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Scale data (factor {factor}) in {time.monotonic() - started:.1f}s")
        )
