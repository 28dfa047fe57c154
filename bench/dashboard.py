"""The dashboard against raw SQL: the same yearly numbers (events held, participants, budget spent,
fees paid, field visits made and planned, by month) computed from the base tables, timed against
the SQL the dashboard itself runs (captured in this process with the Django test client as the
marketing manager). Target: the dashboard's SQL within 2x of the raw SQL; both query lists go into
the report."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kolplatform.core.models import User
from kolplatform.core.two_factor import OK, STATE_KEY

RAW_SQL = """
WITH e AS (
  SELECT id, date_trunc('month', starts_at) AS month FROM events_event
  WHERE status IN ('held', 'closing', 'closed') AND starts_at >= %(start)s AND starts_at < %(end)s
), p AS (
  SELECT e.month, count(*) AS n FROM events_participant p JOIN e ON e.id = p.event_id
  WHERE p.status = 'attended' GROUP BY e.month
), b AS (
  SELECT e.month, sum(b.actual) AS spent FROM events_budgetline b JOIN e ON e.id = b.event_id
  GROUP BY e.month
), f AS (
  SELECT date_trunc('month', paid_at) AS month, sum(gross) AS fees FROM payments_payout
  WHERE status = 'paid' AND paid_at >= %(start)s AND paid_at < %(end)s GROUP BY 1
), v AS (
  SELECT date_trunc('month', scheduled_on) AS month,
         count(*) FILTER (WHERE status = 'submitted' AND review <> 'rejected') AS made
  FROM field_visit WHERE scheduled_on >= %(start)s AND scheduled_on < %(end)s GROUP BY 1
), t AS (
  SELECT date_trunc('month', c.starts_on) AS month, sum(t.planned_visits) AS planned
  FROM field_plantarget t JOIN field_cycleplan c ON c.id = t.plan_id
  WHERE c.starts_on >= %(start)s AND c.starts_on < %(end)s GROUP BY 1
), h AS (SELECT month, count(*) AS held FROM e GROUP BY month)
SELECT h.month, h.held, coalesce(p.n, 0), coalesce(b.spent, 0), coalesce(f.fees, 0),
       coalesce(v.made, 0), coalesce(t.planned, 0)
FROM h LEFT JOIN p USING (month) LEFT JOIN b USING (month) LEFT JOIN f USING (month)
LEFT JOIN v USING (month) LEFT JOIN t USING (month)
ORDER BY h.month
"""
RUNS = 5


def raw_sql(year: int) -> tuple[float, list]:
    """Median milliseconds of RAW_SQL for `year` over RUNS runs, and its rows."""
    params = {"start": f"{year}-01-01", "end": f"{year + 1}-01-01"}
    times, rows = [], []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            started = time.perf_counter()
            cursor.execute(RAW_SQL, params)
            rows = cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), rows


def dashboard_sql(path: str, username: str) -> tuple[float, list[tuple[float, str]]]:
    """Median total SQL milliseconds of one dashboard request (RUNS runs) and its queries."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[STATE_KEY] = OK  # signed in fully, as after the password (and code) on the site
    session.save()
    client.get(path)  # warm-up
    totals, queries = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"bench: dashboard answered {response.status_code} in process")
        queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        totals.append(sum(ms for ms, _ in queries))
    return statistics.median(totals), queries


def compare(t) -> dict:
    path = f"/analytics/?year={t.year}"
    raw_ms, rows = raw_sql(t.year)
    dash_ms, queries = dashboard_sql(path, t.users["marketing_manager"])
    ratio = dash_ms / raw_ms if raw_ms else float("inf")
    return {
        "path": path,
        "raw_ms": round(raw_ms, 1),
        "raw_sql": " ".join(RAW_SQL.split()),
        "raw_rows": len(rows),
        "dashboard_sql_ms": round(dash_ms, 1),
        "dashboard_queries": [(round(ms, 1), " ".join(sql.split())) for ms, sql in queries],
        "ratio": round(ratio, 2),
        "ok": ratio <= 2.0,
    }
