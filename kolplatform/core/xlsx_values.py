"""The cell values of a workbook's first worksheet, read as a stream.

openpyxl builds an object per shared string and per cell and, for a sheet without a recorded
size (what most exporters write), reads the sheet once more to size it; for an import of 10,000
rows that was most of the import's time. This reader passes the parts through expat and keeps
only the values, as openpyxl's read-only mode with `data_only=True` gives them: numbers as int or
float, booleans, dates and times by the cell's number format (openpyxl's rules), the text of
shared and inline strings, the cached result of a formula.

Rows come as lists of values by column (None where a cell is missing), one list per sheet row
from row 1 (a row the sheet leaves out is an empty list), so row numbers are the sheet's.
A workbook laid out otherwise than the standard parts raises `XlsxLayoutError`; the caller then
reads it with openpyxl. Documents with a DOCTYPE are refused (an XLSX has none; entities are how
XML bombs work).
"""

import io
import posixpath
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
READ = 64 * 1024


class XlsxLayoutError(ValueError):
    """The workbook's parts are not where the standard puts them."""


class _Forbidden(ValueError):
    pass


def _parser(start=None, end=None, text=None) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def forbid(*args):
        raise _Forbidden("DOCTYPE")

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    return parser


def _elements(archive: zipfile.ZipFile, name: str, wanted: set[str]) -> list[tuple[str, dict]]:
    """(tag, attributes) of the elements named in `wanted` ("namespace local"), in order."""
    found = []

    def start(tag, attrs):
        if tag in wanted:
            found.append((tag, attrs))

    _feed(archive, name, _parser(start))
    return found


def _feed(archive: zipfile.ZipFile, name: str, parser) -> None:
    """Parse the whole part `name`."""
    for _ in _pieces(archive, name, parser):
        pass


def _pieces(archive: zipfile.ZipFile, name: str, parser) -> Iterator[None]:
    """Parse the part `name` piece by piece, pausing after each."""
    try:
        with archive.open(name) as part:
            while chunk := part.read(READ):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
    except KeyError as exc:
        raise XlsxLayoutError(f"no part {name}") from exc
    except _Forbidden as exc:
        raise XlsxLayoutError("a part declares a DOCTYPE") from exc
    yield


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, part name) of the relationships of `part`."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    out = {}
    for _tag, a in _elements(archive, rels, {f"{PKG_REL} Relationship"}):
        target = a.get("Target", "")
        if a.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out[a.get("Id")] = (a.get("Type", ""), posixpath.normpath(path))
    return out


def _by_type(rels: dict, kind: str) -> str | None:
    return next((path for t, path in rels.values() if t.endswith(f"/{kind}")), None)


def _workbook(archive: zipfile.ZipFile) -> tuple[str, str | None, str | None, object]:
    """The first worksheet's part, the shared strings' and the styles' parts, the date epoch."""
    workbook = _by_type(_relationships(archive, ""), "officeDocument")
    if not workbook:
        raise XlsxLayoutError("no workbook part")
    rels = _relationships(archive, workbook)
    elements = _elements(archive, workbook, {f"{MAIN} sheet", f"{MAIN} workbookPr"})
    epoch = WINDOWS_EPOCH
    sheet = None
    for tag, a in elements:
        if tag.endswith(" workbookPr"):
            if a.get("date1904", "").lower() in ("1", "true"):
                epoch = CALENDAR_MAC_1904
        elif sheet is None:
            kind, path = rels.get(a.get(f"{REL} id"), ("", ""))
            if kind.endswith("/worksheet"):
                sheet = path
    if sheet is None:
        raise XlsxLayoutError("no worksheet")
    return sheet, _by_type(rels, "sharedStrings"), _by_type(rels, "styles"), epoch


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> dict[int, bool]:
    """Style index -> True for a duration format, False for a date/time format (openpyxl's
    rules); styles of other formats are absent."""
    if not part:
        return {}
    custom, xfs, depth = {}, [], []

    def start(tag, a):
        depth.append(tag)
        if tag == f"{MAIN} numFmt":
            custom[int(a.get("numFmtId", -1))] = a.get("formatCode")
        elif tag == f"{MAIN} xf" and len(depth) > 1 and depth[-2] == f"{MAIN} cellXfs":
            xfs.append(int(a.get("numFmtId", 0)))

    def end(tag):
        depth.pop()

    _feed(archive, part, _parser(start, end))
    out = {}
    for index, fmt_id in enumerate(xfs):
        fmt = custom[fmt_id] if fmt_id in custom else builtin_format_code(fmt_id)
        if is_date_format(fmt):
            out[index] = bool(is_timedelta_format(fmt))
    return out


class _Text:
    """The text of a string item (<si> or <is>): its own <t> and the <t> of its runs, not the
    phonetic guides (<rPh>), as openpyxl's Text.content."""

    T, RPH = f"{MAIN} t", f"{MAIN} rPh"

    def __init__(self):
        self.parts: list[str] = []
        self.in_t = False
        self.in_phonetic = 0

    def start(self, tag):
        if tag == self.T and not self.in_phonetic:
            self.in_t = True
        elif tag == self.RPH:
            self.in_phonetic += 1

    def end(self, tag):
        if tag == self.T:
            self.in_t = False
        elif tag == self.RPH:
            self.in_phonetic -= 1

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if not part:
        return []
    strings, text, si = [], _Text(), f"{MAIN} si"

    def start(tag, a):
        text.start(tag)

    def end(tag):
        if tag == si:
            strings.append(text.take().replace("x005F_", ""))
        else:
            text.end(tag)

    def chars(data):
        if text.in_t:
            text.parts.append(data)

    _feed(archive, part, _parser(start, end, chars))
    return strings


def _column(coordinate: str, cache: dict[str, int]) -> int:
    letters = coordinate.rstrip("0123456789")
    column = cache.get(letters)
    if column is None:
        column = 0
        for char in letters.upper():
            column = column * 26 + ord(char) - 64
        cache[letters] = column
    return column


def _number(text: str):
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _date(value, epoch, duration: bool):
    try:
        return from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        return "#VALUE!"  # openpyxl's value for a date cell out of range


class _SheetReader:
    """expat handlers collecting the rows of a worksheet part."""

    ROW, C, V, IS = f"{MAIN} row", f"{MAIN} c", f"{MAIN} v", f"{MAIN} is"

    def __init__(self, strings: list[str], dates: dict[int, bool], epoch):
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.done: list[list] = []  # finished rows not yet handed out
        self.handed_out = 0
        self.row_number = 0  # of the last row seen
        self.cells: dict[int, object] = {}
        self.column = 0
        self.kind, self.style = "n", 0
        self.value: list[str] | None = None
        self.in_v = False
        self.inline: _Text | None = None
        self.columns: dict[str, int] = {}

    def start(self, tag, a):
        if self.inline is not None:
            self.inline.start(tag)
        elif tag == self.C:
            coordinate = a.get("r")
            self.column = _column(coordinate, self.columns) if coordinate else self.column + 1
            self.kind = a.get("t", "n")
            self.style = int(a.get("s") or 0)
            self.value = None
        elif tag == self.V:
            self.in_v, self.value = True, []
        elif tag == self.IS:
            self.inline = _Text()
        elif tag == self.ROW:
            number = a.get("r")
            self.row_number = int(float(number)) if number else self.row_number + 1
            self.cells, self.column = {}, 0

    def end(self, tag):
        if self.inline is not None:
            if tag == self.IS:
                self.value, self.inline = self.inline.take(), None
            else:
                self.inline.end(tag)
        elif tag == self.V:
            self.in_v = False
        elif tag == self.C:
            self.cells[self.column] = self._value()
        elif tag == self.ROW:
            self._finish_row()

    def chars(self, data):
        if self.in_v:
            self.value.append(data)
        elif self.inline is not None and self.inline.in_t:
            self.inline.parts.append(data)

    def _value(self):
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            return value if isinstance(value, str) else None
        text = "".join(value) if value else ""
        if not text:
            return None
        if kind == "n":
            number = _number(text)
            if self.style in self.dates:
                return _date(number, self.epoch, self.dates[self.style])
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)

    def _finish_row(self):
        rows = len(self.done) + self.handed_out
        if self.row_number <= rows:
            return  # a row number going back: dropped, as openpyxl does
        # Rows the sheet leaves out, from row 1, are empty rows: numbers stay the sheet's.
        self.done.extend([] for _ in range(self.row_number - 1 - rows))
        cells = self.cells
        width = max(cells, default=0)
        self.done.append([cells.get(c) for c in range(1, width + 1)])

    def take(self) -> list[list]:
        rows, self.done = self.done, []
        self.handed_out += len(rows)
        return rows


def sheet_rows(data) -> Iterator[list]:
    """The rows of the first worksheet of the workbook `data` (bytes or a binary file)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile as exc:
        raise XlsxLayoutError("not a ZIP") from exc
    with archive:
        sheet, strings_part, styles_part, epoch = _workbook(archive)
        reader = _SheetReader(
            _shared_strings(archive, strings_part), _date_styles(archive, styles_part), epoch
        )
        parser = _parser(reader.start, reader.end, reader.chars)
        for _ in _pieces(archive, sheet, parser):
            yield from reader.take()
