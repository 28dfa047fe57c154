"""Every file a stylesheet or script under static/ names exists, so that `collectstatic` with the
manifest storage of the production settings (which resolves each of them) cannot stop with a
MissingFileError. The whole production path is run by bin/smoke_production.py in CI."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", re.M)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")


def references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        found += CSS_URL.findall(text) + CSS_IMPORT.findall(text)
    return [
        ref.split("?")[0].split("#")[0]
        for ref in found
        if not re.match(r"^(data:|https?:|//|#)", ref) and ref.split("?")[0].split("#")[0]
    ]


FILES = sorted(p for p in STATIC.rglob("*") if p.suffix in (".css", ".js"))


def test_static_files_are_found():
    assert any(p.name == "bootstrap.min.css" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(STATIC)))
def test_every_file_a_stylesheet_or_script_names_exists(path):
    missing = [ref for ref in references(path) if not (path.parent / ref).is_file()]
    assert missing == [], f"{path.relative_to(STATIC)} names missing files: {missing}"
