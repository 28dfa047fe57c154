"""The bench's output: console lines, bench/results/latest.json and the generated part of
docs/performance.md (between its BEGIN/END markers; the text around them is kept)."""

import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
DOC = BASE_DIR / "docs" / "performance.md"
RESULTS = BASE_DIR / "bench" / "results"
# One generated block per PostgreSQL profile (bin/pg_cluster.py): the targets hold with the
# parameters docker-compose.yml ships, and within 2x of them at PostgreSQL's defaults.
BEGIN = "<!-- BEGIN make bench, PostgreSQL {profile} (generated: do not edit by hand) -->"
END = "<!-- END make bench, PostgreSQL {profile} -->"
TITLES = {"shipped": "Pages at scale: PostgreSQL with the shipped parameters",
          "defaults": "Pages at scale: PostgreSQL at its defaults"}  # fmt: skip
SETTINGS = ["shared_buffers", "work_mem", "effective_cache_size", "random_page_cost",
            "max_parallel_workers_per_gather", "jit"]  # fmt: skip


def line(r: dict) -> str:
    mark = "ok" if r["ok"] else "MISSED"
    return (
        f"{r['page']:<28} p50 {r['p50_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
        f"cpu {r['cpu_p50_ms']:>6.1f} ms  {r['queries']:>3} queries  "
        f"{r['html_kb']:>7.1f} KB  {mark}"
    )


def compare_text(c: dict) -> str:
    return (
        f"dashboard SQL {c['dashboard_sql_ms']} ms ({len(c['dashboard_queries'])} queries) vs raw "
        f"SQL {c['raw_ms']} ms: {c['ratio']}x ({'ok' if c['ok'] else 'MISSED'}, target <= 2x)"
    )


def import_line(r: dict) -> str:
    return (
        f"{r['format']} import of {r['rows']:,} experts: {r['seconds']} s, "
        f"{r['rows_per_s']:,} rows/s ({'ok' if r['ok'] else 'MISSED'}, target >= "
        f"{r['target']:,.0f}); CPU "
        f"{r['cpu_s']} s = {r['rows_per_cpu_s']:,} rows per CPU second"
    )


def profile() -> str:
    """ "shipped" when the server runs with every parameter docker-compose.yml ships, else
    "defaults" (the bench's target is then 2x the shipped one)."""
    from bin.pg_cluster import shipped_parameters

    with connection.cursor() as cursor:
        for option in shipped_parameters():
            name, value = option.split("=", 1)
            cursor.execute("SELECT current_setting(%s)", [name])
            if cursor.fetchone()[0].lower() != value.lower():
                return "defaults"
    return "shipped"


def bulk_line(r: dict) -> str:
    counts = ", ".join(f"{v} {k}" for k, v in r["counts"].items())
    return (
        f"API bulk upsert of {r['items']:,} experts, {r['run']}: {r['seconds']} s "
        f"({'ok' if r['ok'] else 'MISSED'}, target < {r['target_s']:g} s); worker CPU "
        f"{r['cpu_ms']:.0f} ms, "
        f"{r['queries']} queries; {counts}"
    )


def cpu_probe() -> int:
    """ms of a fixed piece of pure Python (3,000,000 additions), the fastest of three. On a
    shared host the same machine runs slower while its neighbours are busy; the probe, taken
    before and after a run, shows how fast the machine was while it ran."""
    best = None
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i
        ms = (time.perf_counter() - started) * 1000
        best = ms if best is None else min(best, ms)
    return round(best)


def machine() -> dict:
    cpu = ""
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [SETTINGS]
        )
        pg = {
            name: f"{value}{' ' + unit if unit else ''}" for name, value, unit in cursor.fetchall()
        }
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    load = os.getloadavg()
    return {
        "cpu": f"{os.cpu_count()} x {cpu}".strip(),
        "python": platform.python_version(),
        "load": f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "postgresql": version,
        "settings": pg,
    }


def _markdown(meta: dict, pages: list, compare: dict, imports: list, bulk: list) -> str:
    pg = ", ".join(f"{k} {v}" for k, v in meta["settings"].items())
    out = [
        BEGIN.format(profile=meta["profile"]),
        f"Measured {meta['date']} by `make bench` on seed_scale data at factor {meta['factor']}; "
        f"{meta['cpu']}, load average {meta['load']} (1/5/15 min); PostgreSQL "
        f"{meta['postgresql']} with {meta['profile']} parameters ({pg}); gunicorn, 2 sync "
        f"workers, production settings, {meta['requests']} requests per page after two "
        f"warm-ups per worker. Target p95 < {meta['target_ms']:.0f} ms. CPU probe (3,000,000 "
        f"additions in Python, `bench/report.py`): {meta['cpu_probe_ms'][0]} ms before the run, "
        f"{meta['cpu_probe_ms'][1]} ms after.",
        "",
        "| page | user | p50 ms | p95 ms | worker CPU ms (p50) | queries | HTML KB | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in pages:
        queries = f"{r['queries']}{' (varies)' if r['queries_vary'] else ''}"
        out.append(
            f"| {r['page']} | {r['user']} | {r['p50_ms']} | {r['p95_ms']} | {r['cpu_p50_ms']} "
            f"| {queries} | {r['html_kb']} | {'met' if r['ok'] else '**missed**'} |"
        )
    out += [
        "",
        f"Dashboard (`{compare['path']}`) against raw SQL of the same numbers from the base "
        f"tables: dashboard SQL {compare['dashboard_sql_ms']} ms, raw SQL {compare['raw_ms']} ms, "
        f"ratio {compare['ratio']}x (target <= 2x: {'met' if compare['ok'] else '**missed**'}).",
        "",
        "Raw SQL: `" + compare["raw_sql"] + "`",
        "",
        "The dashboard's own queries (ms, SQL):",
        "",
    ]
    out += [f"- {ms} ms: `{sql[:300]}{'…' if len(sql) > 300 else ''}`"
            for ms, sql in compare["dashboard_queries"]]  # fmt: skip
    import_target = f"{imports[0]['target']:,.0f}" if imports else "5,000"
    bulk_target = f"{bulk[0]['target_s']:g}" if bulk else "2"
    out += ["", "| import (end to end) | rows | seconds | rows/s | CPU s (app + PostgreSQL "
            f"server) | rows per CPU s | target >= {import_target} rows/s |",
            "|---|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    out += [f"| {r['format']} | {r['rows']:,} | {r['seconds']} | {r['rows_per_s']:,} | "
            f"{r['cpu_s']} | {r['rows_per_cpu_s']:,} | {'met' if r['ok'] else '**missed**'} |"
            for r in imports]  # fmt: skip
    out += ["", "| API bulk upsert (`POST /api/v1/experts/bulk/`, through gunicorn) | items | "
            f"seconds | worker CPU ms | queries | results | target < {bulk_target} s |",
            "|---|---:|---:|---:|---:|---|---|"]  # fmt: skip
    out += [f"| {r['run']} | {r['items']:,} | {r['seconds']} | {r['cpu_ms']:.0f} | "
            f"{r['queries']} | {', '.join(f'{v} {k}' for k, v in r['counts'].items())} | "
            f"{'met' if r['ok'] else '**missed**'} |" for r in bulk]  # fmt: skip
    out.append(END.format(profile=meta["profile"]))
    return "\n".join(out)


def write(
    *, factor: int, pages: list, compare: dict, imports: list, bulk: list, bench: dict
) -> Path:
    """`bench`: the run's profile, target_ms and cpu_probe_ms (before, after)."""
    meta = machine() | bench | {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "factor": factor,
        "requests": int(os.environ.get("BENCH_REQUESTS", "20")),
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "meta": meta, "pages": pages, "dashboard": compare, "imports": imports, "bulk": bulk
    }  # fmt: skip
    (RESULTS / "latest.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    (RESULTS / f"{meta['profile']}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1)
    )
    if os.environ.get("BENCH_WRITE_DOC", "1") == "0":
        return RESULTS / "latest.json"
    _replace_block(
        BEGIN.format(profile=meta["profile"]),
        END.format(profile=meta["profile"]),
        _markdown(meta, pages, compare, imports, bulk),
        TITLES[meta["profile"]],
    )
    return DOC


def _replace_block(begin: str, end: str, block: str, title: str) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) into docs/performance.md in
    place of the previous one, or under a new heading `title`."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + f"\n\n## {title}\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


LOAD_BEGIN = "<!-- BEGIN make loadtest (generated: do not edit by hand) -->"
LOAD_END = "<!-- END make loadtest -->"


def append_loadtest(*, stats: list, stored: int, factor: int, started, problems: list) -> None:
    """Replace the load test's generated part of docs/performance.md with this run."""
    meta = machine()
    users = os.environ.get("LOADTEST_USERS", "20")
    participants = os.environ.get("LOADTEST_PARTICIPANTS", "200")
    out = [
        LOAD_BEGIN,
        f"Run {started:%Y-%m-%d %H:%M} UTC by `make loadtest` on seed_scale data at factor "
        f"{factor}; {meta['cpu']}, load average {meta['load']} after the run; PostgreSQL "
        f"{meta['postgresql']} with {profile()} parameters; gunicorn with "
        f"{os.environ.get('LOADTEST_WORKERS', '4')} sync workers. Load: {users} staff "
        f"browsing, 1 approver deciding, 1 KOL signing with the "
        f"mailed code, {participants} participants sending one survey within the first minute; "
        f"{os.environ.get('LOADTEST_TIME', '90s')}. Responses stored: {stored}. "
        + ("Result: " + "; ".join(problems) + "." if problems else "Result: no error, p95 met."),
        "",
        "| request | count | errors | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    out += [f"| {r['name']} | {r['requests']} | {r['failures']} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} | {r['p99']:.0f} |" for r in stats]  # fmt: skip
    out.append(LOAD_END)
    _replace_block(LOAD_BEGIN, LOAD_END, "\n".join(out), "Load test")
