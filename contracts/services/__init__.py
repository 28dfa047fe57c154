"""Writes of the contracts module: contracts, service orders and acts (STYLE.md rule 3).

Public functions for other modules:
- `service_order_create(*, contract, service_type, hours, order_date, actor, description="")`
  (events: a speaker's order; refuses above the contract cap or the annual cap with the reason);
- `commitment_check(*, expert, on, amounts, exclude_order_ids=())` (events: the speaker fees of
  an event going to approval); raises ContractError naming the cap that would break.

Hooks (kolplatform.core.hooks) run from here, in the signing transaction:
- `hooks.ACT_SIGNED`: `fn(*, act, actor)` when an act becomes signed by both sides (payments
  creates the payout there);
- `hooks.INVOICE_SIGNED`: `fn(*, act, document, actor)` when an entrepreneur expert signs the
  invoice for an act (payments attaches it).
Events emitted on commit: contract.signed, document.signed, act.signed.

The writes live in the modules of this package by responsibility (agreements, orders,
documents); their public names are re-exported here for the many callers."""

from contracts.services.agreements import (
    CONTRACT_APPROVAL_HANDLER,
    EDITABLE,
    contract_create,
    contract_regenerate_document,
    contract_send_for_approval,
    contract_terminate,
    contract_update,
    contracts_expire_ended,
)
from contracts.services.base import contract_url, current_document
from contracts.services.documents import (
    document_send,
    invoice_issue_if_needed,
    on_company_signed,
    on_expert_signed,
)
from contracts.services.orders import (
    act_create,
    commitment_check,
    contract_committed_amount,
    service_order_approve,
    service_order_cancel,
    service_order_create,
)

__all__ = [
    "CONTRACT_APPROVAL_HANDLER",
    "EDITABLE",
    "act_create",
    "commitment_check",
    "contract_committed_amount",
    "contract_create",
    "contract_regenerate_document",
    "contract_send_for_approval",
    "contract_terminate",
    "contract_update",
    "contract_url",
    "contracts_expire_ended",
    "current_document",
    "document_send",
    "invoice_issue_if_needed",
    "on_company_signed",
    "on_expert_signed",
    "service_order_approve",
    "service_order_cancel",
    "service_order_create",
]
