"""The read-only SQL views of the BI feed (docs/bi-feed.md) — the one definition of every
per-event figure.

The SQL is portable (PostgreSQL and SQLite): joins, GROUP BY, CASE, COALESCE, EXISTS only; no
date functions (periods are filtered on `starts_at` by the caller, in the company's time zone).

Rules encoded here (DESIGN.md §1, issue "Plan-vs-fact analytics"):
- participants = participants with status "attended";
- target-segment participants = attended participants whose specialty is a target specialty of
  one of the event's products (analytics.TargetSpecialty);
- a payout belongs to the event whose programme item carries its service order (the lowest event
  id if one order appears in several events); fees = gross of payouts not cancelled, fees paid =
  gross of paid payouts;
- total cost = actual budget lines except the "speaker_fees" category (the fees come from the
  payouts instead, so they are not counted twice) + fees;
- the event's feedback score = ratings (1-5) of the event itself (answers without a speaker);
  NPS counts promoters (9-10) and detractors (0-6) of the NPS questions.
"""

PAYOUTS = """
CREATE VIEW analytics_bi_payouts AS
SELECT p.id AS payout_id, so.event_id AS event_id, p.expert_id AS expert_id, p.status AS status,
       p.gross AS gross, p.withholding AS withholding,
       p.employer_contributions AS employer_contributions, p.net AS net,
       p.currency_id AS currency, p.due_date AS due_date, p.paid_at AS paid_at
FROM payments_payout p
JOIN contracts_act a ON a.id = p.act_id
LEFT JOIN (
    SELECT service_order_id, MIN(event_id) AS event_id
    FROM events_programitem WHERE service_order_id IS NOT NULL GROUP BY service_order_id
) so ON so.service_order_id = a.order_id
"""

EVENT_FACTS = """
CREATE VIEW analytics_bi_event_facts AS
SELECT e.id AS event_id, e.starts_at AS starts_at, e.status AS status,
       e.event_type_id AS event_type_id, e.region_id AS region_id,
       e.therapeutic_area_id AS therapeutic_area_id, e.owner_id AS owner_id,
       COALESCE(pr.n, 0) AS n_products,
       e.planned_participants AS planned_participants,
       COALESCE(pa.attended, 0) AS participants,
       COALESCE(pa.target, 0) AS target_participants,
       COALESCE(sp.n, 0) AS speakers,
       COALESCE(e.approved_total, 0) AS approved_total,
       COALESCE(bl.planned, 0) AS budget_planned,
       COALESCE(bl.final, 0) AS budget_final,
       COALESCE(bl.actual, 0) AS budget_actual,
       COALESCE(bl.actual_non_fee, 0) AS budget_actual_non_fee,
       COALESCE(f.total, 0) AS fees_total,
       COALESCE(f.paid, 0) AS fees_paid,
       COALESCE(bl.actual_non_fee, 0) + COALESCE(f.total, 0) AS total_cost,
       COALESCE(fb.rating_sum, 0) AS rating_sum,
       COALESCE(fb.rating_count, 0) AS rating_count,
       COALESCE(fb.promoters, 0) AS nps_promoters,
       COALESCE(fb.detractors, 0) AS nps_detractors,
       COALESCE(fb.nps_count, 0) AS nps_count
FROM events_event e
LEFT JOIN (
    SELECT event_id, COUNT(*) AS n FROM events_event_products GROUP BY event_id
) pr ON pr.event_id = e.id
LEFT JOIN (
    SELECT pt.event_id AS event_id, COUNT(*) AS attended,
           SUM(CASE WHEN EXISTS (
               SELECT 1 FROM events_event_products ep
               JOIN analytics_targetspecialty ts ON ts.product_id = ep.product_id
               WHERE ep.event_id = pt.event_id AND ts.specialty = pt.specialty
           ) THEN 1 ELSE 0 END) AS target
    FROM events_participant pt WHERE pt.status = 'attended' GROUP BY pt.event_id
) pa ON pa.event_id = e.id
LEFT JOIN (
    SELECT event_id, COUNT(DISTINCT speaker_id) AS n
    FROM events_programitem WHERE speaker_id IS NOT NULL GROUP BY event_id
) sp ON sp.event_id = e.id
LEFT JOIN (
    SELECT event_id, SUM(planned) AS planned, SUM(final) AS final, SUM(actual) AS actual,
           SUM(CASE WHEN category <> 'speaker_fees' THEN actual ELSE 0 END) AS actual_non_fee
    FROM events_budgetline GROUP BY event_id
) bl ON bl.event_id = e.id
LEFT JOIN (
    SELECT event_id,
           SUM(CASE WHEN status <> 'cancelled' THEN gross ELSE 0 END) AS total,
           SUM(CASE WHEN status = 'paid' THEN gross ELSE 0 END) AS paid
    FROM analytics_bi_payouts WHERE event_id IS NOT NULL GROUP BY event_id
) f ON f.event_id = e.id
LEFT JOIN (
    SELECT s.event_id AS event_id,
           SUM(CASE WHEN q.kind = 'rating' AND an.speaker_id IS NULL
               THEN an.value_int ELSE 0 END) AS rating_sum,
           SUM(CASE WHEN q.kind = 'rating' AND an.speaker_id IS NULL
               THEN 1 ELSE 0 END) AS rating_count,
           SUM(CASE WHEN q.kind = 'nps' AND an.value_int >= 9 THEN 1 ELSE 0 END) AS promoters,
           SUM(CASE WHEN q.kind = 'nps' AND an.value_int <= 6 THEN 1 ELSE 0 END) AS detractors,
           SUM(CASE WHEN q.kind = 'nps' THEN 1 ELSE 0 END) AS nps_count
    FROM feedback_answer an
    JOIN feedback_response r ON r.id = an.response_id
    JOIN feedback_survey s ON s.id = r.survey_id
    JOIN feedback_question q ON q.id = an.question_id
    WHERE an.value_int IS NOT NULL AND q.kind IN ('rating', 'nps')
    GROUP BY s.event_id
) fb ON fb.event_id = e.id
"""

EVENTS = """
CREATE VIEW analytics_bi_events AS
SELECT f.*, e.title AS title, t.code AS event_type_code, t.name AS event_type,
       r.name AS region, ta.name AS therapeutic_area, u.username AS owner
FROM analytics_eventfact f
JOIN events_event e ON e.id = f.event_id
JOIN events_eventtype t ON t.id = f.event_type_id
LEFT JOIN core_region r ON r.id = f.region_id
LEFT JOIN core_therapeuticarea ta ON ta.id = f.therapeutic_area_id
JOIN core_user u ON u.id = f.owner_id
"""

EVENT_PRODUCTS = """
CREATE VIEW analytics_bi_event_products AS
SELECT ep.id AS id, ep.event_id AS event_id, ep.product_id AS product_id, p.name AS product
FROM events_event_products ep JOIN core_product p ON p.id = ep.product_id
"""

PLANS = """
CREATE VIEW analytics_bi_plans AS
SELECT pl.id AS plan_id, pl.year AS year, pl.quarter AS quarter,
       pl.product_id AS product_id, p.name AS product, pl.region_id AS region_id,
       r.name AS region, pl.manager_id AS manager_id, u.username AS manager,
       pl.event_type_id AS event_type_id, t.name AS event_type,
       pl.events AS events, pl.participants AS participants, pl.experts AS experts,
       pl.budget AS budget
FROM analytics_plan pl
LEFT JOIN core_product p ON p.id = pl.product_id
LEFT JOIN core_region r ON r.id = pl.region_id
LEFT JOIN core_user u ON u.id = pl.manager_id
LEFT JOIN events_eventtype t ON t.id = pl.event_type_id
"""

KPI_TARGETS = """
CREATE VIEW analytics_bi_kpi_targets AS
SELECT k.id AS kpi_target_id, k.year AS year, k.manager_id AS manager_id, u.username AS manager,
       k.events_held AS events_held, k.participants AS participants,
       k.cost_per_participant AS cost_per_participant, k.feedback_score AS feedback_score
FROM analytics_kpitarget k JOIN core_user u ON u.id = k.manager_id
"""

SALES = """
CREATE VIEW analytics_bi_sales AS
SELECT s.id AS sales_id, s.month AS month, s.region_id AS region_id, r.name AS region,
       s.product_id AS product_id, p.name AS product, s.amount AS amount, s.units AS units
FROM analytics_salesrecord s
JOIN core_region r ON r.id = s.region_id
JOIN core_product p ON p.id = s.product_id
"""

# In dependency order: analytics_bi_event_facts reads analytics_bi_payouts.
VIEWS = {
    "analytics_bi_payouts": PAYOUTS,
    "analytics_bi_event_facts": EVENT_FACTS,
    "analytics_bi_events": EVENTS,
    "analytics_bi_event_products": EVENT_PRODUCTS,
    "analytics_bi_plans": PLANS,
    "analytics_bi_kpi_targets": KPI_TARGETS,
    "analytics_bi_sales": SALES,
}

FACT_COLUMNS = [
    "event_id",
    "starts_at",
    "status",
    "event_type_id",
    "region_id",
    "therapeutic_area_id",
    "owner_id",
    "n_products",
    "planned_participants",
    "participants",
    "target_participants",
    "speakers",
    "approved_total",
    "budget_planned",
    "budget_final",
    "budget_actual",
    "budget_actual_non_fee",
    "fees_total",
    "fees_paid",
    "total_cost",
    "rating_sum",
    "rating_count",
    "nps_promoters",
    "nps_detractors",
    "nps_count",
]


def create_views_sql() -> list[str]:
    return [sql.strip() for sql in VIEWS.values()]


def drop_views_sql() -> list[str]:
    return [f"DROP VIEW IF EXISTS {name}" for name in reversed(list(VIEWS))]


def refresh_facts_sql() -> list[str]:
    """Replace the summary table with the live view's rows (run inside one transaction)."""
    cols = ", ".join(FACT_COLUMNS)
    return [
        "DELETE FROM analytics_eventfact",
        # bandit B608: fixed column names of the facts table.
        f"INSERT INTO analytics_eventfact ({cols}) SELECT {cols} FROM analytics_bi_event_facts",  # nosec B608
    ]
