"""The shared spreadsheet-cell rule: which values are escaped, and how (CSV and XLSX)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from kolplatform.core.exports import csv_cell, csv_writer, xlsx_append


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 495 123-45-67", "'+7 495 123-45-67"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.50", "-12.50"),
        ("+5", "+5"),
        ("Иванов", "Иванов"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_csv_writer_escapes_every_cell():
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["=A1", 3, "ok"])
    writer.writerows([["@x", "-1"]])
    assert out.getvalue() == "'=A1;3;ok\n'@x;-1\n"


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_append_keeps_numbers_and_writes_formulas_as_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("S") if write_only else book.active
    xlsx_append(sheet, ["=1+1", -3, Decimal("2.5"), date(2025, 1, 2), "text", None])
    out = io.BytesIO()
    book.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())[0]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == ("=1+1", "s", True)
    assert [c.data_type for c in cells[1:3]] == ["n", "n"]
    assert cells[1].value == -3 and cells[2].value == 2.5
    assert cells[3].is_date and cells[4].value == "text" and not cells[4].quotePrefix
