#!/usr/bin/env python3
"""One-off: bring translations still written in locale_src/*.json into locale/ru/.../django.po.

The Russian catalogue used to be generated from locale_src/*.json; now django.po is the source
(docs/architecture.md, Translations). A branch started before the switch still adds its Russian to
locale_src/<app>.json. After merging such a branch (keep its locale_src/*.json, take the
current locale/), run from the project root:

    DEBUG=1 .venv/bin/python bin/locale_src_to_po.py

It extracts the msgids (makemessages) and writes into the .po each JSON translation that is new
or differs from the JSON of the switch (commit SWITCH_BASE): what the branch added or changed
wins (every changed entry is listed), what it left alone stays as the .po has it. It clears the
fuzzy flags of the entries it filled, compiles the .mo (msgfmt --check-format: a translation
whose placeholders differ from the msgid is named; fix it in the .po and run `make messages`)
and deletes locale_src/. It lists JSON keys the code no longer has and
the entries still untranslated. Delete this script once no such branch is left.

JSON format: {"msgid": "перевод"}, "context|msgid" for pgettext, a list of the three Russian
forms for a plural (keyed by the singular msgid). When two files translate one key differently,
the platform file wins, then the modules in dependency order (as the old build did).
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# The last commit whose locale_src/ the catalogue was generated from.
SWITCH_BASE = "e3170541fb66b97653cd6dffebc0b974d31094a3"
FILE_ORDER = ["core", "experts", "contracts", "events", "payments", "feedback", "analytics"]


def source_rank(path: Path) -> tuple[int, str]:
    prefix = path.stem.split("_")[0]
    return (FILE_ORDER.index(prefix) if prefix in FILE_ORDER else len(FILE_ORDER)), path.name


def merge(files: dict[str, dict], *, report: bool = True) -> dict:
    merged: dict = {}
    for name in sorted(files, key=lambda name: source_rank(Path(name))):
        data = files[name]
        if not isinstance(data, dict):
            sys.exit(f"locale_src/{name}: expected a JSON object")
        for key, value in data.items():
            if report and key in merged and merged[key] != value:
                print(f"conflict {key!r}: {merged[key]!r} used, {name} has {value!r}")
            merged.setdefault(key, value)
    return merged


def load_sources(directory: Path) -> dict:
    return merge(
        {p.name: json.loads(p.read_text(encoding="utf-8")) for p in directory.glob("*.json")}
    )


def load_base_sources() -> dict:
    git = shutil.which("git") or sys.exit("git is needed")
    names = subprocess.run(
        [git, "ls-tree", "--name-only", SWITCH_BASE, "locale_src/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    files = {}
    for name in names:
        text = subprocess.run(
            [git, "show", f"{SWITCH_BASE}:{name}"], capture_output=True, text=True, check=True
        ).stdout
        files[Path(name).name] = json.loads(text)
    return merge(files, report=False)


def main() -> int:
    os.chdir(BASE_DIR)
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kolplatform.settings")
    import django

    django.setup()
    import polib
    from django.core.management import call_command

    source_dir = BASE_DIR / "locale_src"
    if not source_dir.is_dir():
        print("locale_src/ is gone: nothing to import")
        return 0
    base = load_base_sources()
    sources = {k: v for k, v in load_sources(source_dir).items() if base.get(k) != v}
    print(f"{len(sources)} translation(s) new or changed since the switch")
    po_path = BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"

    call_command("makemessages", locale=["ru"], verbosity=0)
    catalogue = polib.pofile(str(po_path), wrapwidth=79)
    seen = set()
    for entry in catalogue:
        key = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if key not in sources:
            continue
        seen.add(key)
        value = sources[key]
        if entry.msgid_plural:
            forms = [value] * 3 if isinstance(value, str) else list(value)
            new = dict(enumerate((forms + forms[-1:] * 3)[:3]))
            old = entry.msgstr_plural if any(entry.msgstr_plural.values()) else None
            entry.msgstr_plural = new
        elif isinstance(value, str):
            new, old = value, entry.msgstr or None
            entry.msgstr = value
        else:
            print(f"skipped {key!r}: a list for a msgid without a plural")
            continue
        if old is not None and old != new and "fuzzy" not in entry.flags:
            print(f"changed {key!r}: {old!r} -> {new!r}")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save(str(po_path))
    # makemessages again: the file gets gettext's own layout, the .po stays diff-friendly.
    call_command("makemessages", locale=["ru"], verbosity=0)
    call_command("compilemessages", locale=["ru"], verbosity=0)

    for key in sorted(set(sources) - seen):
        print(f"not in the code (dropped): {key!r}")
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
        print(f"still untranslated or fuzzy (edit the .po): {entry.msgid!r}")
    shutil.rmtree(source_dir)
    print(f"{po_path.relative_to(BASE_DIR)} updated; locale_src/ deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
