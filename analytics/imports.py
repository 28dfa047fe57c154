"""XLSX imports of plans and sales. All or nothing: every row is checked, every error is reported
with its row number, and nothing is saved while any row has an error."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from analytics.models import Plan, SalesRecord
from events.models import EventType
from kolplatform.core.import_files import ImportLimitError, check_size, xlsx_check, xlsx_rows
from kolplatform.core.models import Product, Region, User

PLAN_COLUMNS = [
    "year", "quarter", "product", "region", "manager", "event_type",
    "events", "participants", "experts", "budget",
]  # fmt: skip
SALES_COLUMNS = ["month", "region", "product", "amount", "units"]
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
PROGRESS_EVERY = 1000


class RowError(Exception):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(file, columns: list[str], progress=None):
    """Yield (row number, {column: value}) for the non-empty rows under the header row; the
    size, unpacked size and number of rows are limited (checked while reading).
    `progress(rows read)` is called every PROGRESS_EVERY rows."""
    data = file.read(MAX_BYTES + 1)
    try:
        check_size(len(data), max_bytes=MAX_BYTES)
        xlsx_check(data, max_rows=MAX_ROWS, max_unpacked=MAX_UNPACKED)
    except ImportLimitError as exc:
        raise RowError(str(exc)) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
        raise RowError(_("The file is not a readable XLSX workbook (%s).") % exc) from exc
    try:
        for number, row in _sheet_rows(xlsx_rows(workbook, max_rows=MAX_ROWS), columns):
            if progress and number % PROGRESS_EVERY == 0:
                progress(number - 1)
            yield number, row
    except ImportLimitError as exc:
        raise RowError(str(exc)) from exc
    finally:
        workbook.close()


def _sheet_rows(rows, columns: list[str]):
    header = [str(c).strip().lower() if c is not None else "" for c in next(rows, ())]
    missing = [c for c in columns if c not in header]
    if missing:
        raise RowError(_("Missing columns: %s.") % ", ".join(missing))
    index = {c: header.index(c) for c in columns}
    for number, row in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        yield number, {c: (row[i] if i < len(row) else None) for c, i in index.items()}


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def _int(value, name, *, required=True, low=0, high=None):
    if _blank(value):
        if required:
            raise RowError(_("%s is required.") % name)
        return None
    try:
        number = int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError):
        raise RowError(
            _("%(name)s: “%(value)s” is not a whole number.") % {"name": name, "value": value}
        ) from None
    if number < low or (high is not None and number > high):
        raise RowError(_("%(name)s: %(value)s is out of range.") % {"name": name, "value": value})
    return number


def _money(value, name):
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise RowError(
            _("%(name)s: “%(value)s” is not an amount.") % {"name": name, "value": value}
        ) from None
    if amount < 0:
        raise RowError(_("%s cannot be negative.") % name)
    return amount.quantize(Decimal("0.01"))


def _lookup(model, value, name, *fields):
    if _blank(value):
        return None
    text = str(value).strip()
    query = Q()
    for f in fields:
        query |= Q(**{f"{f}__iexact": text})
    found = list(model.objects.filter(query)[:2])
    if len(found) != 1:
        raise RowError(_("%(name)s “%(value)s” not found.") % {"name": name, "value": text})
    return found[0]


def _month(value) -> date:
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    try:
        parsed = datetime.strptime(str(value).strip()[:7], "%Y-%m")
    except ValueError:
        raise RowError(_("month: “%s” is not a month (YYYY-MM).") % value) from None
    return date(parsed.year, parsed.month, 1)


def _run(file, columns, save_row) -> ImportResult:
    try:
        rows = list(read_rows(file, columns))
    except RowError as exc:
        return ImportResult(errors=[(1, str(exc))])
    return save_rows(rows, save_row)


def save_rows(rows, save_row) -> ImportResult:
    """Save every row in one transaction; any error rolls all of them back."""
    result = ImportResult()
    with transaction.atomic():
        for number, row in rows:
            try:
                created = save_row(row)
            except RowError as exc:
                result.errors.append((number, str(exc)))
            except ValidationError as exc:
                result.errors.append((number, " ".join(exc.messages)))
            else:
                result.created += created
                result.updated += not created
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = 0
    return result


def _save_plan_row(row) -> bool:
    key = {
        "year": _int(row["year"], "year", low=2000, high=2100),
        "quarter": _int(row["quarter"], "quarter", required=False, low=1, high=4),
        "product": _lookup(Product, row["product"], "product", "name"),
        "region": _lookup(Region, row["region"], "region", "code", "name"),
        "manager": _lookup(User, row["manager"], "manager", "username"),
        "event_type": _lookup(EventType, row["event_type"], "event_type", "code", "name"),
    }
    plan = Plan.objects.filter(**key).first() or Plan(**key)
    created = plan.pk is None
    for name in ("events", "participants", "experts"):
        setattr(plan, name, _int(row[name], name))
    plan.budget = _money(row["budget"], "budget")
    plan.full_clean()
    plan.save()
    return created


def _save_sales_row(row) -> bool:
    key = {
        "month": _month(row["month"]),
        "region": _lookup(Region, row["region"], "region", "code", "name"),
        "product": _lookup(Product, row["product"], "product", "name"),
    }
    if key["region"] is None or key["product"] is None:
        raise RowError(_("region and product are required."))
    values = {
        "amount": _money(row["amount"], "amount"),
        "units": _int(row["units"], "units", required=False) or 0,
    }
    _record, created = SalesRecord.objects.update_or_create(**key, defaults=values)
    return created


def plans_import(*, file) -> ImportResult:
    """Columns: year, quarter (empty = annual), product (name), region (code or name), manager
    (username), event_type (code or name), events, participants, experts, budget."""
    return _run(file, PLAN_COLUMNS, _save_plan_row)


def sales_import(*, file) -> ImportResult:
    """Columns: month (a date or YYYY-MM), region (code or name), product (name), amount, units."""
    return _run(file, SALES_COLUMNS, _save_sales_row)


def importer_for(kind: str):
    """(columns, save_row) of an import kind (DataImport.Kind)."""
    return {"plans": (PLAN_COLUMNS, _save_plan_row), "sales": (SALES_COLUMNS, _save_sales_row)}[
        kind
    ]
