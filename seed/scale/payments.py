"""Performance data: a payout for each act of the contracts module (5,000 per unit of factor;
factor 100 -> 500,000) on the experts already under contract, in a realistic status mix, with
the tax computed by payments.tax (once per distinct regime and amount, then joined), and the paid
ones grouped in monthly payment registries. INSERT ... SELECT only."""

import json
from datetime import date
from decimal import Decimal

from contracts.models import Act, Contract, ServiceOrder
from payments import tax
from payments.models import Payout
from payments.tax_settings import TaxSettingsMissing, tax_params_on
from seed.scale.sql import Run, insert_select, share_case, table

# Percent of payouts by status (cumulative thresholds on a hash of the act id).
STATUS_MIX = [
    (Payout.Status.PAID, 70),
    (Payout.Status.READY, 10),
    (Payout.Status.APPROVED, 10),
    (Payout.Status.BLOCKED, 5),
    (Payout.Status.CANCELLED, 3),
    (Payout.Status.FAILED, 2),
]
AMOUNTS = [Decimal(n * 15000) for n in (2, 3, 4, 5)]  # the order amounts of the contracts module


def missing() -> list[str]:
    """The tax settings in force today (made by the migrations), when absent."""
    try:
        tax_params_on(date.today())
    except TaxSettingsMissing as exc:
        return [f"the tax settings in force today ({exc})"]
    return []


def tax_table() -> tuple[str, list]:
    """A VALUES source (regime, gross, withholding, contributions, net, calculation) of the tax
    computed by payments.tax for every regime and order amount."""
    params = tax_params_on(date.today())
    rows, values = [], []
    for regime in Contract._meta.get_field("tax_regime").choices or []:
        regime = regime[0]
        for gross in AMOUNTS:
            r = tax.compute_payout_tax(
                regime=regime, gross=gross, ytd_income=Decimal(0), params=params
            )
            rows.append("(%s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::jsonb)")
            calculation = json.dumps(r.calculation, default=str)
            values += [regime, gross, r.withholding, r.employer_contributions, r.net, calculation]
    cols = "(regime, gross, withholding, contributions, net, calculation)"
    return f"(VALUES {', '.join(rows)}) AS t {cols}", values


def seed_payouts(run: Run) -> None:
    source, params = tax_table()
    status = share_case(run.pick("a.id", 61, 100), [(s.value, n) for s, n in STATUS_MIX])
    made = insert_select(
        Payout,
        {
            "act": "a.id",
            "expert": "c.expert_id",
            "contract": "c.id",
            "status": "s.status",
            "tax_regime": "c.tax_regime",
            "gross": "a.amount",
            "withholding": "t.withholding",
            "employer_contributions": "t.contributions",
            "net": "t.net",
            "calculation": "t.calculation",
            "due_date": "a.act_date + 10",
            "paid_at": "CASE WHEN s.status = 'paid' THEN a.act_date + 12 END",
            "payment_order_number": "CASE WHEN s.status = 'paid' THEN a.id::text ELSE '' END",
            "blocked_reason": "CASE WHEN s.status = 'blocked' "
            "THEN 'Нет подтверждённых реквизитов' ELSE '' END",
            "checked_at": "CASE WHEN s.status NOT IN ('blocked', 'cancelled') THEN a.signed_at END",
        },
        f"{table(Act)} a JOIN {table(ServiceOrder)} o ON o.id = a.order_id "
        f"JOIN {table(Contract)} c ON c.id = o.contract_id "
        f"CROSS JOIN LATERAL (SELECT {status} AS status) s "
        f"JOIN {source} ON t.regime = c.tax_regime AND t.gross = a.amount "
        "WHERE a.number LIKE 'SA-%%'",
        params,
    )
    run.done("payouts", made)


def seed_scale(*, run: Run) -> None:
    run.begin("payments", 1)
    seed_payouts(run)
