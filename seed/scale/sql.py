"""Set-based writing of the scale data: `INSERT INTO t (...) SELECT ... FROM generate_series(...)`.

Every row is computed by PostgreSQL; Python only writes the statement. Pseudo-random choices are
hashes of the row number and the run's seed (`Run.pick`, `Run.rand`), so one seed always gives
the same data. Columns a statement does not name get the model field's default (sent once as a
parameter) or `now()` for the auto timestamps, so a field added later with a default needs no
change here; a new required field without default makes the statement fail loudly.
"""

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, models
from django.utils import timezone

from kolplatform.core.bulk import model_fields

BAR = 24


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine only)."""
    if connection.vendor != "postgresql":
        return None
    fields = _proc_stat(_backend_pid())
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _proc_stat(pid) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (utime is [11], stime [12])."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cluster_cpu() -> float | None:
    """CPU seconds used so far by every process of this connection's PostgreSQL server (same
    machine only): its live processes and, counted on the postmaster, those that have ended
    (the backend of a connection closed since). Other sessions' work counts too: on a quiet
    machine, what a piece of work costs the server over all the connections it opens."""
    if connection.vendor != "postgresql":
        return None
    backend = _proc_stat(_backend_pid())
    if backend is None:
        return None
    postmaster = backend[1]  # the backend's parent
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _proc_stat(entry.name)) and fields[1] == postmaster:
            total += int(fields[11]) + int(fields[12])
    if (own := _proc_stat(postmaster)) is not None:
        total += sum(int(v) for v in own[11:15])  # its own time and its ended children's
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Clock:
    """Wall, this process's CPU and the PostgreSQL backend's CPU seconds at one moment."""

    wall: float
    cpu: float
    server: float | None

    @classmethod
    def now(cls) -> "Clock":
        return cls(time.monotonic(), time.process_time(), server_cpu())

    def since(self, start: "Clock") -> str:
        server = (
            "?"
            if self.server is None or start.server is None
            else f"{self.server - start.server:.1f}"
        )
        return (
            f"{self.wall - start.wall:6.1f}s wall, CPU {self.cpu - start.cpu:.1f}s + "
            f"PostgreSQL {server}s"
        )


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
    module_clock: Clock | None = None
    step_clock: Clock | None = None

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
        self.end()
        self.module, self.module_rows, self.total_steps, self.step = module, 0, steps, 0
        self.module_started = time.monotonic()
        self.module_clock = self.step_clock = Clock.now()

    def end(self) -> None:
        """Print the time the current module took (wall and CPU seconds)."""
        if self.module and self.module_clock is not None:
            spent = Clock.now().since(self.module_clock)
            self.stdout.write(f"{self.module:<10} {self.module_rows:>10,} rows  {spent}")
        self.module_clock = None

    def done(self, label: str, count: int) -> int:
        """Record `count` rows written by one step and draw the module's progress bar."""
        self.step += 1
        self.rows += count
        self.module_rows += count
        elapsed = max(time.monotonic() - self.module_started, 1e-6)
        filled = BAR * self.step // max(self.total_steps, self.step)
        bar = "#" * filled + "." * (BAR - filled)
        spent = ""
        if self.step_clock is not None:
            now = Clock.now()
            spent, self.step_clock = "  " + now.since(self.step_clock), now
        self.stdout.write(
            f"{self.module:<10} [{bar}] {self.step}/{max(self.total_steps, self.step)} "
            f"{label:<28} {count:>10,} rows  {self.module_rows / elapsed:>9,.0f} rows/s{spent}"
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


# The indexes a bulk load can do without, of the schema's tables: every index but the primary
# keys and those a foreign key refers to; a unique or exclusion constraint is listed as such
# (dropped and added back as a constraint, under its own name).
DEFERRABLE_INDEXES = """
SELECT t.oid::regclass::text, ix.relname, pg_get_indexdef(ix.oid),
       c.conname, pg_get_constraintdef(c.oid)
FROM pg_index i
JOIN pg_class ix ON ix.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = t.oid
  AND c.contype IN ('p', 'u', 'x')
WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' AND ix.relkind = 'i'
  AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
ORDER BY 1, 2
"""


@contextmanager
def indexes_deferred(run: Run):
    """Drop the indexes of the tables the load starts empty, and build them again after it
    from their definitions in the catalog (the migrations stay the only source of the schema):
    one sort per index instead of a B-tree descent per row (random for hashed or unique keys).
    Primary keys stay (the load joins on them); tables holding rows already (reference data
    of the migrations) keep theirs, so ON CONFLICT still finds its conflicts there. Run inside
    the load's transaction: a failed load gets the indexes back with the rollback, and a
    uniqueness the data broke fails the run when its constraint is added back."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(DEFERRABLE_INDEXES)
        indexes, filled = [], {}
        for row in cursor.fetchall():
            relation = row[0]
            if relation not in filled:
                cursor.execute(f"SELECT EXISTS (SELECT FROM {relation})")  # a name from the catalog
                filled[relation] = cursor.fetchone()[0]
            if not filled[relation]:
                indexes.append(row)
        for relation, name, _index, constraint, _definition in indexes:
            if constraint:
                cursor.execute(f"ALTER TABLE {relation} DROP CONSTRAINT {qn(constraint)}")
            else:
                cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    run.begin("indexes", 1)
    with connection.cursor() as cursor:
        for relation, _name, index, constraint, definition in indexes:
            if constraint:
                cursor.execute(
                    f"ALTER TABLE {relation} ADD CONSTRAINT {qn(constraint)} {definition}"
                )
            else:
                cursor.execute(index)
    run.done(f"{len(indexes)} indexes built", 0)


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


def missing_defaults() -> list[str]:
    """The rows that the columns' defaults refer to and that do not exist (e.g. the default
    currency): the load writes those defaults without a foreign key check."""
    from django.apps import apps

    wanted = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.has_default() and f.get_default() is not None:
                wanted.setdefault(f.related_model, set()).add(f.get_default())
    missing = []
    for target, values in wanted.items():
        keys = {v.pk if isinstance(v, models.Model) else v for v in values}
        found = set(target._default_manager.filter(pk__in=keys).values_list("pk", flat=True))
        missing += [f"{target._meta.verbose_name} {key!r}" for key in sorted(keys - found, key=str)]
    return missing


def ids_of_role(role: str) -> list[int]:
    """Ids of the active users of a role group, in id order."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
