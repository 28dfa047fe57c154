import json
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from kolplatform.core.translations import (
    TranslationSourceError,
    entry_key,
    fill_catalogue,
    load_sources,
)

BASE_DIR = Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MODULES = {"experts", "contracts", "events", "payments", "feedback", "analytics"}


def is_platform_file(path: str) -> bool:
    """Code and templates of the platform (not templates/<module>/ of the modules)."""
    parts = path.split("/")
    return parts[0] == "kolplatform" or (parts[0] == "templates" and parts[1] not in MODULES)


def catalogue(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def write_sources(directory: Path, **files: dict) -> Path:
    directory.mkdir(exist_ok=True)
    for name, data in files.items():
        (directory / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False))
    return directory


@pytest.mark.parametrize(
    ("entry", "sources", "expected"),
    [
        (polib.POEntry(msgid="Home"), {"Home": "Главная"}, "Главная"),
        (polib.POEntry(msgid="Home", msgstr="Старое"), {"Home": "Главная"}, "Главная"),
        (polib.POEntry(msgid="Home", msgstr="Догадка", flags=["fuzzy"]), {}, ""),
        (polib.POEntry(msgid="May", msgctxt="month"), {"month|May": "Май"}, "Май"),
        (polib.POEntry(msgid="May", msgctxt="month"), {"May": "Может"}, ""),
    ],
)
def test_fill_singular_entries(entry, sources, expected):
    po = catalogue(entry)
    report = fill_catalogue(po, sources)
    assert po[0].msgstr == expected
    assert "fuzzy" not in po[0].flags
    assert report.translated == (1 if expected else 0)


def test_fill_plural_entry_with_three_russian_forms():
    po = catalogue(polib.POEntry(msgid="%(n)s expert", msgid_plural="%(n)s experts"))
    fill_catalogue(po, {"%(n)s expert": ["%(n)s эксперт", "%(n)s эксперта", "%(n)s экспертов"]})
    assert po[0].msgstr_plural == {0: "%(n)s эксперт", 1: "%(n)s эксперта", 2: "%(n)s экспертов"}


def test_report_lists_untranslated_and_unused_keys():
    po = catalogue(polib.POEntry(msgid="Home"), polib.POEntry(msgid="Events"))
    report = fill_catalogue(po, {"Home": "Главная", "Gone": "Удалено"})
    assert report.untranslated == ["Events"] and report.unused == ["Gone"]


def test_sources_merge_and_report_conflicts_platform_first(tmp_path):
    directory = write_sources(
        tmp_path / "src",
        events={"Home": "Начало"},
        core={"Home": "Главная", "Events": "Мероприятия"},
    )
    sources = load_sources(directory)
    assert sources.translations == {"Home": "Главная", "Events": "Мероприятия"}
    assert sources.conflicts == ["'Home': core.json 'Главная' (used) vs events.json 'Начало'"]


def test_module_files_follow_the_dependency_order(tmp_path):
    directory = write_sources(
        tmp_path / "src", analytics={"x": "a"}, experts={"x": "e"}, zz={"x": "z"}
    )
    assert load_sources(directory).translations == {"x": "e"}


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"Home": 1}', '{"Home": []}'])
def test_sources_reject_bad_files(tmp_path, content):
    (tmp_path / "bad.json").write_text(content)
    with pytest.raises(TranslationSourceError):
        load_sources(tmp_path)


def test_command_fills_compiles_and_checks(tmp_path, settings):
    po_path = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    catalogue(polib.POEntry(msgid="Home"), polib.POEntry(msgid="Events")).save(str(po_path))
    write_sources(tmp_path / "locale_src", app={"Home": "Главная"})
    settings.BASE_DIR, settings.LOCALE_PATHS = tmp_path, [tmp_path / "locale"]

    with pytest.raises(CommandError, match="1 untranslated"):
        call_command("build_translations", "--no-extract", "--check", stdout=StringIO())
    assert polib.mofile(str(po_path.with_suffix(".mo"))).find("Home").msgstr == "Главная"

    write_sources(
        tmp_path / "locale_src",
        app={"Home": "Главная", "Events": "Мероприятия"},
        core={"Home": "Дом"},
    )
    with pytest.raises(CommandError, match="1 conflicting"):
        call_command("build_translations", "--no-extract", "--check", stdout=StringIO())
    assert polib.mofile(str(po_path.with_suffix(".mo"))).find("Home").msgstr == "Дом"

    write_sources(tmp_path / "locale_src", app={"Home": "Дом", "Events": "Мероприятия"})
    call_command("build_translations", "--no-extract", "--check", stdout=StringIO())


def test_committed_catalogue_translates_every_platform_string():
    """locale/ is rebuilt by `make messages`; this fails when a string of the platform (core,
    templates, settings) has no Russian or the .po is older than locale_src."""
    po = polib.pofile(str(PO_PATH))
    missing = [
        e.msgid
        for e in po.untranslated_entries()
        if any(is_platform_file(path) for path, _ in e.occurrences)
    ]
    assert missing == [], "untranslated; add them to locale_src/core.json and run make messages"
    sources = load_sources(BASE_DIR / "locale_src").translations
    stale = [
        entry_key(e)
        for e in po.translated_entries()
        if entry_key(e) in sources and not e.msgid_plural
        if sources[entry_key(e)] != e.msgstr
    ]
    assert stale == [], "locale_src changed since the last `make messages`"


def test_russian_is_served_from_the_compiled_catalogue():
    with translation.override("ru"):
        assert translation.gettext("Reference data") == "Справочники"
    with translation.override("en"):
        assert translation.gettext("Reference data") == "Reference data"
