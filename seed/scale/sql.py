"""Set-based writing of the scale data: `INSERT INTO t (...) SELECT ... FROM generate_series(...)`.

Every row is computed by PostgreSQL; Python only writes the statement. Pseudo-random choices are
hashes of the row number and the run's seed (`Run.pick`, `Run.rand`), so one seed always gives
the same data. Columns a statement does not name get the model field's default (sent once as a
parameter) or `now()` for the auto timestamps, so a field added later with a default needs no
change here; a new required field without default makes the statement fail loudly.
"""

import sys
import time
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone

from kolplatform.core.bulk import model_fields

BAR = 24


@dataclass
class Run:
    """One seed_scale run: the factor, the seed and the progress output."""

    factor: int
    seed: int = 1
    stdout: object = sys.stdout
    started: float = field(default_factory=time.monotonic)
    rows: int = 0
    module: str = ""
    module_rows: int = 0
    module_started: float = 0.0
    total_steps: int = 0
    step: int = 0
    now: str = ""

    def __post_init__(self):
        # The run's 'now' as an SQL literal: every timestamp is relative to it.
        self.now = self.now or f"'{timezone.now().isoformat()}'::timestamptz"

    def rand(self, expr: str, salt: int) -> str:
        """SQL for a deterministic pseudo-random non-negative bigint from `expr` (a row number)."""
        key = self.seed * 7919 + salt
        return f"abs(hashint8extended(({expr})::bigint, {int(key)}))"

    def pick(self, expr: str, salt: int, n: int | str) -> str:
        """SQL for a deterministic choice in [0, n) from the row number `expr`."""
        return f"mod({self.rand(expr, salt)}, ({n}))"

    def begin(self, module: str, steps: int) -> None:
        self.module, self.module_rows, self.total_steps, self.step = module, 0, steps, 0
        self.module_started = time.monotonic()

    def done(self, label: str, count: int) -> int:
        """Record `count` rows written by one step and draw the module's progress bar."""
        self.step += 1
        self.rows += count
        self.module_rows += count
        elapsed = max(time.monotonic() - self.module_started, 1e-6)
        filled = BAR * self.step // max(self.total_steps, self.step)
        bar = "#" * filled + "." * (BAR - filled)
        self.stdout.write(
            f"{self.module:<10} [{bar}] {self.step}/{max(self.total_steps, self.step)} "
            f"{label:<28} {count:>10,} rows  {self.module_rows / elapsed:>9,.0f} rows/s"
        )
        return count


def _default_sql(f: models.Field, params: list) -> str | None:
    """SQL for the value a column gets when a statement does not name it (None: leave out)."""
    if f.primary_key:
        return None
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return "now()"
    if f.has_default():
        params.append(f.get_db_prep_save(f.get_default(), connection))
        return "%s"
    if f.null:
        return None
    if f.blank and isinstance(f, models.CharField | models.TextField):
        return "''"
    raise ValueError(f"{f.model._meta.label}.{f.name} needs a value in the scale data")


def insert_select(model, values: dict[str, str], source: str, params: list | None = None) -> int:
    """INSERT INTO model's table the rows of `SELECT <values> FROM <source>`; returns the count.

    `values` maps a field name (or attname) to an SQL expression without parameters; `params`
    are the parameters of `source`."""
    qn = connection.ops.quote_name
    columns, exprs, head = [], [], []
    given = {}
    for f, expr in zip(model_fields(model, list(values)), values.values(), strict=True):
        given[f.column] = expr
    for f in model._meta.concrete_fields:
        if f.column in given:
            columns.append(f.column)
            exprs.append(given.pop(f.column))
            continue
        sql = _default_sql(f, head)
        if sql is not None:
            columns.append(f.column)
            exprs.append(sql)
    if given:
        raise ValueError(f"{model._meta.label} has no columns {sorted(given)}")
    if any("%" in v for v in exprs if v != "%s"):
        raise ValueError(
            "scale expressions take no parameters (only the source does; write mod() for %)"
        )
    # bandit B608: identifiers from the models; expressions are written by this package.
    sql = "INSERT INTO {} ({}) SELECT {} FROM {}".format(  # nosec B608
        qn(model._meta.db_table), ", ".join(qn(c) for c in columns), ", ".join(exprs), source
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, head + (params or []))
        count = cursor.rowcount
        # Fresh statistics for the next statements' plans (the rows are this transaction's).
        cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")
        return count


def execute(sql: str, params: list | None = None, *, analyze: str = "") -> int:
    """Run one statement; `analyze` names a table whose statistics it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        count = cursor.rowcount
        if analyze:
            cursor.execute(f"ANALYZE {analyze}")
        return count


def scalar(sql: str, params: list | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        row = cursor.fetchone()
        return row[0] if row else None


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def share_case(expr: str, mix) -> str:
    """SQL CASE choosing by `expr` in [0, 100) among (value, percent) pairs, in order."""
    cases, cumulative = [], 0
    for value, share in mix:
        cumulative += share
        cases.append(f"WHEN {expr} < {cumulative} THEN '{value}'")
    return "CASE " + " ".join(cases) + " END"


def constants(**arrays: list) -> tuple[str, list]:
    """A one-row source `(SELECT %s::<type>[] AS name, ...) k` holding lists of constants, to
    CROSS JOIN so that expressions can index them (`k.name[1 + ...]`, 1-based)."""
    parts, params = [], []
    for name, values in arrays.items():
        kind = "bigint" if values and isinstance(values[0], int) else "text"
        parts.append(f"%s::{kind}[] AS {name}")
        params.append(list(values))
    return "(SELECT " + ", ".join(parts) + ") k", params


def ids_of_role(role: str) -> list[int]:
    """Ids of the active users of a role group, in id order."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
