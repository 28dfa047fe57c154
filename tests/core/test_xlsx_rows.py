"""A workbook's first sheet is read by calamine with the values openpyxl's read-only mode gives
(data only): shared and inline strings, rich text, numbers (whole numbers as int), booleans, dates
by number format (both epochs), missing cells and rows from A1. An error cell reads as empty. A
DTD's entities are not expanded; a workbook calamine cannot read goes to openpyxl."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from experts.errors import ImportFileError
from experts.importing.reader import read_xlsx
from kolplatform.core.import_files import ImportLimitError, cell_text, xlsx_sheet_rows

ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"}


def openpyxl_rows(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def padded(rows: list[list]) -> list[list]:
    """Rows as wide as the widest (openpyxl pads with None), trailing Nones alike."""
    width = max((len(r) for r in rows), default=0)
    return [list(r) + [None] * (width - len(r)) for r in rows]


def sheet(data: bytes, max_rows: int = 1000) -> list[list]:
    return padded(list(xlsx_sheet_rows(data, max_rows=max_rows)))


def saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def varied_workbook(*, write_only: bool = False, epoch_1904: bool = False) -> bytes:
    workbook = Workbook(write_only=write_only)
    if epoch_1904:
        workbook.epoch = datetime.datetime(1904, 1, 1)
    sheet = workbook.create_sheet() if write_only else workbook.active
    rows = [
        ["ID", "Фамилия", "Дата", "Число", "Флаг", "Формула"],
        ["C-1", "  Иванова ", datetime.date(2024, 1, 5), 12, True, "=1+1"],
        [1234567890123, "x_x005F_y", datetime.datetime(2024, 1, 5, 13, 45), 1.5, False, None],
        [None, "", datetime.time(10, 30), datetime.timedelta(hours=30), 3.25e-7, "#N/A"],
        [],
        ["после пустой строки", 'кавычки " и <теги> & амперсанд', None, -0.0, 10**15, "Ё"],
    ]
    for row in rows:
        sheet.append(row)
    if not write_only:
        sheet["H9"] = "далеко справа и ниже"
        sheet["B10"] = CellRichText(["обычный ", TextBlock(InlineFont(b=True), "жирный")])
        workbook.create_sheet("второй").append(["не этот лист"])
    return saved(workbook)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(varied_workbook(), id="shared strings"),
        pytest.param(varied_workbook(write_only=True), id="inline strings"),
        pytest.param(varied_workbook(epoch_1904=True), id="1904 dates"),
    ],
)
def test_values_are_those_openpyxl_reads(data):
    expected = [[None if v in ERRORS else v for v in row] for row in padded(openpyxl_rows(data))]
    assert sheet(data) == expected
    # Types too: 12 is an int, a date a datetime (str() of them is what the import reads).
    assert [type(v) for v in sheet(data)[1][:5]] == [str, str, datetime.datetime, int, bool]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(varied_workbook(), id="shared"),
        pytest.param(varied_workbook(write_only=True), id="inline"),
    ],
)
def test_the_texts_are_those_of_openpyxls_values(data):
    """What the import reads of a cell: the text of openpyxl's value, stripped."""
    expected = [
        ["" if v is None or v in ERRORS else str(v).strip() for v in row]
        for row in padded(openpyxl_rows(data))
    ]
    texts = list(xlsx_sheet_rows(data, max_rows=100, convert=cell_text))
    assert [row + [""] * (len(expected[0]) - len(row)) for row in texts] == expected


def test_rows_and_columns_count_from_a1():
    workbook = Workbook()
    workbook.active["C3"] = "third"
    workbook.active["D5"] = 5
    assert sheet(saved(workbook)) == [
        [None] * 4,
        [None] * 4,
        [None, None, "third", None],
        [None] * 4,
        [None, None, None, 5],
    ]


def test_an_empty_sheet_has_no_rows():
    workbook = Workbook(write_only=True)
    workbook.create_sheet()
    assert sheet(saved(workbook)) == []


def test_more_rows_than_the_limit_are_refused():
    workbook = Workbook()
    for n in range(12):
        workbook.active.append([n])
    with pytest.raises(ImportLimitError):
        sheet(saved(workbook), max_rows=10)
    assert len(sheet(saved(workbook), max_rows=11)) == 12


def rewritten(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                content = change(content)
            if content is not None:
                target.writestr(item, content)
    return out.getvalue()


def test_entities_of_a_dtd_are_not_expanded():
    """A billion-laughs style DTD in the shared strings: the reader refuses the file or reads the
    cell without the expansion, never the expanded text."""
    dtd = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )

    def change(xml: bytes) -> bytes:
        body = xml[xml.index(b"<sst") :]
        return dtd + body.replace(b">C-1<", b">&b;<")

    data = rewritten(varied_workbook(), "xl/sharedStrings.xml", change)
    try:
        rows = read_xlsx(data).rows
    except ImportFileError:
        return
    assert not any("aaaaaaaaaa" in value for row in rows for value in row)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04 not a workbook", id="garbage"),
        pytest.param(
            rewritten(varied_workbook(), "xl/_rels/workbook.xml.rels", lambda xml: None),
            id="no relationships",
        ),
    ],
)
def test_a_workbook_calamine_cannot_read_is_refused_with_a_message(data):
    with pytest.raises(ImportFileError, match="XLSX"):
        read_xlsx(data)
