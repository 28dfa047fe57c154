"""The streaming XLSX reader gives the values openpyxl's read-only mode gives (data only):
shared and inline strings, rich text, numbers, booleans, dates by number format (both epochs),
missing cells and rows; a workbook laid out otherwise, or with a DOCTYPE, is left to openpyxl."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from kolplatform.core.xlsx_values import XlsxLayoutError, sheet_rows


def openpyxl_rows(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def padded(rows: list[list]) -> list[list]:
    """Rows as wide as the widest (openpyxl pads with None)."""
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


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
    assert padded(list(sheet_rows(data))) == padded(openpyxl_rows(data))


def test_missing_rows_keep_the_sheet_row_numbers():
    workbook = Workbook()
    workbook.active["A3"] = "third"
    rows = list(sheet_rows(saved(workbook)))
    assert rows == [[], [], ["third"]]


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


def test_a_doctype_is_refused():
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'
    data = rewritten(varied_workbook(), "xl/worksheets/sheet1.xml", lambda xml: doctype + xml)
    with pytest.raises(XlsxLayoutError):
        list(sheet_rows(data))


def test_a_workbook_without_its_relationships_is_left_to_openpyxl():
    data = rewritten(varied_workbook(), "xl/_rels/workbook.xml.rels", lambda xml: None)
    with pytest.raises(XlsxLayoutError):
        list(sheet_rows(data))
