"""Reading an uploaded CSV or XLSX into header + rows of strings.

CSV: UTF-8 (with or without BOM) is tried first, then Windows-1251 (what Excel in Russia saves);
the delimiter (comma, semicolon, tab) is sniffed from the first lines. XLSX: the first sheet.
Size, unpacked size and row count are checked while reading (kolplatform.core.import_files).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from python_calamine import CalamineError

from experts.errors import ImportFileError
from kolplatform.core.import_files import (
    ImportLimitError,
    cell_text,
    check_size,
    csv_rows,
    xlsx_check,
    xlsx_rows,
    xlsx_sheet_rows,
)

ENCODINGS = ("utf-8-sig", "cp1251")
XLSX = (".xlsx", ".xlsm")
CSV = (".csv", ".txt")
MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 512 * 1024 * 1024
PROGRESS_EVERY = 5000
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""


def decode(data: bytes) -> tuple[str, str]:
    """Text and its encoding; binary content (NULs, control characters) is refused."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not CONTROL_RE.search(text):
            return text, encoding
    raise ImportFileError(
        _("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV (UTF-8) or XLSX.")
    )


def _clean(values) -> list[str]:
    return ["" if v is None else str(v).strip() for v in values]


def _counted(rows, progress):
    """The rows, telling `progress(n)` every PROGRESS_EVERY rows (the page shows the count)."""
    for number, row in enumerate(rows, start=1):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
        yield row


def read_csv(data: bytes, progress=None) -> Table:
    text, encoding = decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [_clean(r) for r in _counted(csv_rows(text, dialect, max_rows=MAX_ROWS), progress)]
    return _table(rows, encoding)


def read_xlsx(data: bytes, progress=None) -> Table:
    xlsx_check(data, max_rows=MAX_ROWS, max_unpacked=MAX_UNPACKED)
    try:
        rows = list(_counted(xlsx_sheet_rows(data, max_rows=MAX_ROWS, convert=cell_text), progress))
    except CalamineError:  # calamine cannot read it: openpyxl reads it or says why not
        rows = _read_xlsx_openpyxl(data, progress)
    # Every row as wide as the widest (openpyxl's rows are): the header too.
    width = max((len(r) for r in rows), default=0)
    if rows and len(rows[0]) < width:
        rows[0] += [""] * (width - len(rows[0]))
    return _table(rows, "xlsx")


def _read_xlsx_openpyxl(data: bytes, progress) -> list[list[str]]:
    """A workbook calamine cannot read: openpyxl reads it, or its error is the message."""
    # openpyxl loads at call time: only when a workbook is read or written.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [_clean(r) for r in _counted(xlsx_rows(workbook, max_rows=MAX_ROWS), progress)]
        finally:
            workbook.close()
    except ImportLimitError:
        raise
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportFileError(
            _("The XLSX file cannot be read: %(error)s") % {"error": exc}
        ) from exc


def _table(rows: list[list[str]], encoding: str) -> Table:
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise ImportFileError(_("The file is empty or has no header row."))
    headers = rows[0]
    width = len(headers)
    body = [(r + [""] * width)[:width] if len(r) != width else r for r in rows[1:]]
    return Table(headers=headers, rows=body, encoding=encoding)


def check_upload(data: bytes, name: str) -> None:
    """What is known without parsing: the size and the type by the name (checked in the request;
    the file itself is read in a task)."""
    if not name.lower().endswith((*XLSX, *CSV)):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not data:
        raise ImportFileError(_("The file is empty or has no header row."))
    try:
        check_size(len(data), max_bytes=MAX_BYTES)
    except ImportLimitError as exc:
        raise ImportFileError(str(exc)) from exc


def read_table(data: bytes, name: str, progress=None) -> Table:
    """Header and rows; `progress(rows read)` is called now and then while reading."""
    check_upload(data, name)
    try:
        if name.lower().endswith(XLSX):
            return read_xlsx(data, progress)
        return read_csv(data, progress)
    except ImportLimitError as exc:
        raise ImportFileError(str(exc)) from exc
