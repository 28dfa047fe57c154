"""Django's makemessages with the project's defaults.

`manage.py makemessages -l ru` (or `make messages`) updates locale/ru/LC_MESSAGES/django.po, the
file translators edit: it skips the directories that hold no msgids of ours, drops entries whose
msgid left the code, writes file names without line numbers and no creation date (a rebuild
without changes leaves the file as it was, so branches merge cleanly).
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

# Directories that hold no msgids of ours (the virtualenv is a symlink makemessages skips anyway).
IGNORE = [".venv", "var", "static", "tests", "bench", "docs", "test-results", "node_modules"]
CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.MULTILINE)


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORE]
        options["no_obsolete"] = True
        options["add_location"] = options.get("add_location") or "file"
        return super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        super().write_po_file(potfile, locale)
        po = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        po.write_text(CREATION_DATE.sub("", po.read_text(encoding="utf-8")), encoding="utf-8")
