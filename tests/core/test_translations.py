"""locale/ru/LC_MESSAGES/django.po is the source translators edit; `make messages` runs
`makemessages -l ru` and `compilemessages`. These tests fail when the committed catalogue lags
behind the code: a msgid without Russian, a fuzzy guess left by msgmerge, a msgid of the code
missing from the .po, a translation whose placeholders do not match, or a .mo older than the .po.
They need GNU gettext (msgfmt, xgettext), as `make messages` does."""

import shutil
import subprocess
from gettext import GNUTranslations
from io import StringIO
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from kolplatform.core.management.commands.makemessages import IGNORE

BASE_DIR = Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
NOT_SOURCE = {*IGNORE, ".git", "locale", "locale_src"}


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"GNU gettext is needed ({name}): apt-get install gettext"
    return path


def test_every_entry_of_the_catalogue_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO_PATH))
    untranslated = [key(e) for e in po.untranslated_entries()]
    fuzzy = [key(e) for e in po.fuzzy_entries()]
    assert untranslated == [], "no Russian yet: translate them in locale/ru/LC_MESSAGES/django.po"
    assert fuzzy == [], "msgmerge guessed these: check the msgstr and remove the fuzzy flag"
    assert not po.obsolete_entries(), "run make messages (makemessages drops obsolete entries)"


def test_every_msgid_of_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources and of the committed .po: every msgid it finds
    must already be in the .po, and the .po holds no msgid the code lost."""
    gettext_tool("xgettext")
    for item in BASE_DIR.iterdir():
        if item.name in NOT_SOURCE or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy2(item, tmp_path / item.name)
    extracted = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    extracted.parent.mkdir(parents=True)
    shutil.copy2(PO_PATH, extracted)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["ru"], verbosity=0, stdout=StringIO())

    committed = {key(e) for e in polib.pofile(str(PO_PATH))}
    in_code = {key(e) for e in polib.pofile(str(extracted))}
    assert sorted(in_code - committed) == [], "not in the .po: run make messages and translate"
    assert sorted(committed - in_code) == [], "no longer in the code: run make messages"


def test_catalogue_compiles_with_format_checks_and_the_mo_is_current(tmp_path):
    """msgfmt --check-format (what compilemessages runs) refuses a translation whose
    placeholders differ from the msgid's; the committed .mo is what the .po compiles to."""
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--check-format", "-o", str(compiled), str(PO_PATH)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with compiled.open("rb") as fresh, PO_PATH.with_suffix(".mo").open("rb") as committed:
        assert GNUTranslations(fresh)._catalog == GNUTranslations(committed)._catalog, (
            "the .mo is older than the .po: run make messages"
        )


def test_russian_is_served_from_the_compiled_catalogue():
    with translation.override("ru"):
        assert translation.gettext("Reference data") == "Справочники"
        assert translation.pgettext("person", "Name") == "ФИО"
        assert translation.ngettext("%(n)s expert", "%(n)s experts", 3) == "%(n)s эксперта"
        page = Template('{% load i18n %}{% translate "% done" %}').render(Context())
        assert page == "% выполнения"
        assert translation.gettext("% done") == "% выполнения"
    with translation.override("en"):
        assert translation.gettext("Reference data") == "Reference data"
