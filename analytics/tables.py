"""Tables shown on the pages and exported as XLSX or CSV from the same definition."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from kolplatform.core.downloads import set_content_disposition
from kolplatform.core.exports import csv_writer, xlsx_append


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | money | decimal | percent | date


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict]
    total: dict | None = None
    links: dict = field(default_factory=dict)  # (row index, key) -> url

    def cell_values(self, row: dict) -> list:
        return [_plain(row.get(c.key)) for c in self.columns]

    def body(self):
        """Rows as [(value, column, url)] for templates."""
        for i, row in enumerate(self.rows):
            yield [(row.get(c.key), c, self.links.get((i, c.key))) for c in self.columns]

    def body_with_rows(self):
        """(row dict, cells) pairs, for templates that style a row by its data."""
        return zip(self.rows, self.body(), strict=True)

    def total_cells(self):
        if self.total is None:
            return None
        return [(self.total.get(c.key), c, self.links.get(("total", c.key))) for c in self.columns]


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal | int | float | date) or value is None:
        return value
    return str(value)


def export_response(table: Table, fmt: str) -> HttpResponse:
    """The table (all rows and the total) as a download."""
    filename = f"{slugify(table.name) or 'table'}-{timezone.localdate():%Y%m%d}"
    header = [str(c.label) for c in table.columns]
    rows = [table.cell_values(r) for r in table.rows]
    if table.total:
        rows.append(table.cell_values(table.total))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        return set_content_disposition(response, f"{filename}.csv")
    book = Workbook()
    sheet = book.active
    sheet.title = str(table.title)[:31]
    sheet.append(header)
    for row in rows:
        xlsx_append(sheet, row)
    for column, spec in zip(sheet.columns, table.columns, strict=False):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        if spec.kind == "money":
            for cell in column[1:]:
                cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return set_content_disposition(response, f"{filename}.xlsx")
