from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kolplatform.core.translations import TranslationSourceError, fill_catalogue, load_sources

LANGUAGE = "ru"
# Directories that hold no msgids of ours (the virtualenv is a symlink makemessages skips anyway).
IGNORE = [".venv", "var", "static", "tests", "bench", "docs", "test-results", "node_modules"]
PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


class Command(BaseCommand):
    help = (
        "Extract the msgids (makemessages), fill the Russian catalogue from locale_src/*.json, "
        "report untranslated strings and compile the .mo files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with an error on untranslated msgids or conflicting translations.",
        )
        parser.add_argument(
            "--no-extract", action="store_true", help="Fill and compile the existing .po only."
        )

    def handle(self, *args, check=False, no_extract=False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        po_path = locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"
        if not no_extract:
            locale_dir.mkdir(parents=True, exist_ok=True)
            call_command(
                "makemessages",
                locale=[LANGUAGE],
                domain="django",
                ignore_patterns=IGNORE,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
        if not po_path.exists():
            raise CommandError(f"{po_path} does not exist; run without --no-extract.")
        try:
            sources = load_sources(Path(settings.BASE_DIR) / "locale_src")
        except TranslationSourceError as exc:
            raise CommandError(str(exc)) from exc

        catalogue = polib.pofile(str(po_path), wrapwidth=100)
        catalogue.metadata["Plural-Forms"] = PLURAL_FORMS
        catalogue.metadata["Language"] = LANGUAGE
        # No timestamps: a rebuild without changes leaves the files untouched (clean merges).
        for key in ("POT-Creation-Date", "PO-Revision-Date"):
            catalogue.metadata.pop(key, None)
        report = fill_catalogue(catalogue, sources.translations)
        catalogue.save(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))

        self.stdout.write(
            f"{po_path.relative_to(settings.BASE_DIR)}: {report.translated} translated, "
            f"{len(report.untranslated)} untranslated"
        )
        for conflict in sources.conflicts:
            self.stdout.write(self.style.WARNING(f"  conflict (use a msgctxt): {conflict}"))
        for key in report.unused:
            self.stdout.write(f"  not in the code (stale in locale_src): {key!r}")
        for key in report.untranslated:
            self.stdout.write(self.style.WARNING(f"  untranslated: {key!r}"))
        if check and (report.untranslated or sources.conflicts):
            raise CommandError(
                f"{len(report.untranslated)} untranslated msgid(s), "
                f"{len(sources.conflicts)} conflicting translation(s)"
            )
