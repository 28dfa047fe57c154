"""The Russian catalogue is built from locale_src/*.json, not edited by hand.

Each JSON file is a flat object {"English msgid": "Русский перевод"}; a contextual string
(pgettext) uses the key "context|msgid"; a plural string maps its singular msgid to the list of
Russian forms [one, few, many] (e.g. ["%(n)s эксперт", "%(n)s эксперта", "%(n)s экспертов"]).
`manage.py build_translations` extracts the msgids (makemessages), fills them from these files and
compiles the .mo files, which are committed so that a machine without gettext shows Russian.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import polib


class TranslationSourceError(ValueError):
    """A locale_src file is not a flat JSON object of strings (or lists of plural forms)."""


def entry_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


# Which file wins when two translate one msgid differently: the platform first, then the modules
# in dependency order, then any other file by name. The conflict is still reported (--check fails).
FILE_ORDER = ["core", "experts", "contracts", "events", "payments", "feedback", "analytics"]


def source_rank(path: Path) -> tuple[int, str]:
    prefix = path.stem.split("_")[0]
    rank = FILE_ORDER.index(prefix) if prefix in FILE_ORDER else len(FILE_ORDER)
    return rank, path.name


@dataclass
class Sources:
    translations: dict[str, str | list[str]]
    conflicts: list[str]  # "msgid: file a 'x' vs file b 'y'" (the first one is used)


def load_sources(directory: Path) -> Sources:
    """Merge every *.json of `directory` in FILE_ORDER; a msgid translated differently by two
    files keeps the first translation and is listed in `conflicts`."""
    merged: dict[str, str | list[str]] = {}
    origin: dict[str, str] = {}
    conflicts = []
    for path in sorted(directory.glob("*.json"), key=source_rank):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise TranslationSourceError(f"{path.name}: invalid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise TranslationSourceError(f"{path.name}: expected a JSON object")
        for key, value in data.items():
            valid = isinstance(value, str) or (
                isinstance(value, list) and value and all(isinstance(v, str) for v in value)
            )
            if not valid:
                raise TranslationSourceError(f"{path.name}: {key!r} must map to a string or list")
            if key not in merged:
                merged[key], origin[key] = value, path.name
            elif merged[key] != value:
                conflicts.append(
                    f"{key!r}: {origin[key]} {merged[key]!r} (used) vs {path.name} {value!r}"
                )
    return Sources(merged, conflicts)


@dataclass
class FillReport:
    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # keys of the sources not in the catalogue


def fill_catalogue(catalogue: polib.POFile, sources: dict[str, str | list[str]]) -> FillReport:
    """Set every msgstr of `catalogue` from `sources` (the sources win over what was there;
    fuzzy guesses of msgmerge are dropped, so a string is translated only when a source says so)."""
    report = FillReport()
    seen = set()
    for entry in catalogue:
        if entry.obsolete:
            continue
        key = entry_key(entry)
        seen.add(key)
        value = sources.get(key)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if entry.msgid_plural:
            forms = [value] * 3 if isinstance(value, str) else list(value or [])
            forms = (forms + forms[-1:] * 3)[:3] if forms else ["", "", ""]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value if isinstance(value, str) else ""
        if value:
            report.translated += 1
        else:
            report.untranslated.append(key)
    report.unused = sorted(set(sources) - seen)
    return report
