"""Spreadsheet exports that cannot carry a formula (CSV/formula injection, OWASP).

A spreadsheet program runs a cell that begins with `=`, `+`, `-` or `@` (and, after a tab or a
carriage return, what follows) as a formula: a name typed as `=HYPERLINK("https://evil",
"click")` in a public survey would become a live link in the manager's export. Every CSV and
XLSX writer of the platform passes its rows through here:

- CSV: such a text cell is prefixed with a single quote `'` (the OWASP advice); spreadsheet
  programs show the quote, a reader of the file sees the original after it.
- XLSX: the text is written unchanged as a text cell (inline string, never a formula) with the
  "quote prefix" style, so Excel and LibreOffice show it as typed and keep it text when edited.

Numbers, dates and booleans stay what they are; so does text that is a plain number
(`-12.50`, `+7 495 123-45-67` is not one and is escaped).
"""

import csv
import re

from openpyxl.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value) -> bool:
    """True for text a spreadsheet program would run as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value):
    """The value as a CSV cell: formula-like text gets a leading `'`."""
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """`csv.writer` whose rows are passed through `csv_cell`; same arguments, same methods."""

    def __init__(self, file, *args, **kwargs):
        self._writer = csv.writer(file, *args, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, *args, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(file, *args, **kwargs)


def xlsx_row(sheet, values) -> list:
    """The row for `sheet.append`: formula-like text becomes a quote-prefixed text cell."""
    return [_text_cell(sheet, v) if is_formula_like(v) else v for v in values]


def xlsx_append(sheet, values) -> None:
    """Append a row to a worksheet (normal or write-only) without live formulas."""
    sheet.append(xlsx_row(sheet, values))


def _text_cell(sheet, value: str) -> Cell:
    cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
