"""Who may see and do what with payouts (DESIGN.md §3).

Finance and admins manage payouts; a marketing manager reads the payouts of the contracts they
own; a KOL sees only their own payouts; compliance reads the transparency report.

Fees of one KOL (a payout, a KOL's fee total) are seen by finance, marketing managers and
administrators only — on the payments pages and in analytics alike (`can_view_kol_fees`). Field
staff, approvers and legal see sums over events (total cost, payouts made), never what one expert
earned. Compliance's transparency report is its own, statutory, permission.
"""

import rules

from kolplatform.core.rules import is_compliance, is_finance, is_kol, is_marketing_manager


@rules.predicate
def is_own_payout(user, payout) -> bool:
    return payout is not None and payout.expert.user_id == user.pk


@rules.predicate
def owns_payout_contract(user, payout) -> bool:
    return payout is not None and payout.contract.owner_id == user.pk


can_view_kol_fees = is_finance | is_marketing_manager

rules.add_perm("payments.view_kol_fees", can_view_kol_fees)
rules.add_perm("payments.view_payout_list", can_view_kol_fees)
rules.add_perm(
    "payments.view_payout",
    is_finance | (is_marketing_manager & owns_payout_contract) | (is_kol & is_own_payout),
)
rules.add_perm("payments.manage_payout", is_finance)
rules.add_perm("payments.view_registry", is_finance)
rules.add_perm("payments.view_cabinet_payouts", is_kol)
rules.add_perm("payments.view_transparency", is_finance | is_compliance)
