"""Downloads carry an RFC 6266 Content-Disposition: an ASCII `filename` and the UTF-8 `filename*`
(a Cyrillic name MIME-encoded by RFC 2047 starts no download in Chromium)."""

import ast
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.urls import reverse

from kolplatform.core.documents import document_store
from kolplatform.core.downloads import ascii_fallback, content_disposition
from tests.testapp.factories import WidgetFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("kolplatform", "experts", "contracts", "events", "payments", "feedback", "analytics")
HELPER = ROOT / "kolplatform" / "core" / "downloads.py"
RFC6266 = re.compile(
    r"^(attachment|inline); filename=\"[\x20-\x7e]+\"; filename\*=UTF-8''[\x21-\x7e]+$"
)


def parse(header: str) -> tuple[str, str]:
    """(ASCII fallback, UTF-8 name) of an RFC 6266 header; fails on anything else."""
    assert RFC6266.match(header), header
    fallback = re.search(r'filename="([^"]*)"', header).group(1)
    name = unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1))
    return fallback, name


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("Договор № 12 Иванов.pdf", "Dogovor_No_12_Ivanov.pdf"),
        ("akt.pdf", "akt.pdf"),
        ('Ёлка; "x".zip', "Elka_x.zip"),
        ("отчёт.xlsx", "otchet.xlsx"),
        ("событие,2026.csv", "sobytie_2026.csv"),
        ("中文.pdf", "download.pdf"),
        ("", "download"),
    ],
)
def test_header_has_an_ascii_fallback_and_the_exact_utf8_name(name, fallback):
    header = content_disposition(name or "x")
    if name:
        assert parse(header) == (fallback, name)
    assert ascii_fallback(name) == fallback


def test_inline_keeps_both_names():
    assert content_disposition("Акт.pdf", inline=True).startswith('inline; filename="Akt.pdf"; ')


def _sets_disposition_by_hand(path: Path) -> list[int]:
    """Lines that set Content-Disposition or FileResponse(as_attachment/filename) themselves."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and node.value == "Content-Disposition":
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "FileResponse"
            and any(k.arg in ("as_attachment", "filename") for k in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_every_download_view_goes_through_the_core_helper():
    """Every PDF, ZIP, XLSX, CSV download names its file with kolplatform.core.downloads."""
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path == HELPER or "migrations" in path.parts:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{n}" for n in _sets_disposition_by_hand(path)]
    assert offenders == []


@pytest.mark.django_db
def test_stored_document_with_a_cyrillic_name(client, kol):
    document = document_store(
        data=b"%PDF-1.7", name="Акт оказанных услуг.pdf", owner=WidgetFactory(owner=kol)
    )
    client.force_login(kol)
    response = client.get(reverse("core:document_download", args=[document.pk]))
    assert parse(response["Content-Disposition"]) == (
        "Akt_okazannykh_uslug.pdf",
        "Акт оказанных услуг.pdf",
    )
    assert "=?utf-8?" not in response.serialize_headers().decode("latin-1")
