from django.core.management.base import BaseCommand
from django.db import transaction

from seed.demo import core as demo
from seed.management.commands._modules import MODULES, module_hook


class Command(BaseCommand):
    help = (
        "Create the demo company: one user per role, reference data, and the demo records of "
        "every module that provides seed/demo/<app>.py. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing (but print the logins) when the demo company already exists.",
        )

    def handle(self, *args, once=False, **options):
        if once and demo.demo_company_exists():
            self.stdout.write("The demo company exists already; nothing to seed.")
        else:
            demo.seed(stdout=self.stdout)
            for app in MODULES:
                hook = module_hook(app, "demo")
                if hook is None:
                    continue
                with transaction.atomic():
                    hook.seed(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("\nDemo logins:\n" + demo.logins_table())
