"""File downloads with a file name every browser understands (RFC 6266).

A header value outside Latin-1 is MIME-encoded by Django (RFC 2047, `=?utf-8?q?...`), which no
browser reads in `Content-Disposition`: Chromium then starts no download at all. Every download
of the platform (PDF, ZIP, XLSX, CSV, QR images) therefore sets the header through
`content_disposition`: an ASCII `filename` for old clients and the exact UTF-8 name in
`filename*` (RFC 5987 percent-encoding):

    attachment; filename="Dogovor_Ivanov.pdf"; filename*=UTF-8''%D0%94%D0%BE%D0%B3...

`download_response` builds the whole response from bytes, `file_download` from a stored file
(streamed by FileResponse), `set_content_disposition` sets the header on a response made elsewhere
(a workbook saved into it, a streamed CSV).
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse


def ascii_fallback(filename: str, default: str = "download") -> str:
    """The file name in ASCII for clients without RFC 5987: letters without their marks,
    Cyrillic transliterated, any other character as `_`; the extension is kept."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem, extension = _ascii(stem).strip("_."), _ascii(extension).strip("_.")
    stem = stem or default
    return f"{stem}.{extension}" if extension else stem


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", _transliterate(text))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", plain)


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def _transliterate(text: str) -> str:
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        elif latin == "_":
            continue
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def content_disposition(filename: str, *, inline: bool = False, fallback: str = "") -> str:
    """`attachment` (or `inline`) with an ASCII `filename` and the UTF-8 `filename*`."""
    kind = "inline" if inline else "attachment"
    ascii_name = ascii_fallback(fallback or filename)
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def set_content_disposition(response, filename: str, *, inline=False, fallback=""):
    response["Content-Disposition"] = content_disposition(
        filename, inline=inline, fallback=fallback
    )
    return response


def download_response(
    content, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """The bytes (or text) `content` as a download named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    return set_content_disposition(response, filename, inline=inline)


def file_download(file, *, filename: str, content_type: str = "", inline=False) -> FileResponse:
    """A stored file streamed as a download named `filename`."""
    response = FileResponse(file, content_type=content_type or None)
    return set_content_disposition(response, filename, inline=inline)
