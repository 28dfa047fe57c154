"""Writes of the event lifecycle: create/edit, approval, re-approval, held, closing, cancel.

Every transition: lock the row, run the FSM transition (its conditions hold the rule), save with
update_fields, audit, notify on commit. The writes live in the modules of this package by
responsibility; their public names are re-exported here for the many callers."""

from events.services.approval import (
    EVENT_APPROVAL_HANDLER,
    event_decide,
    event_resubmit_reapproval,
    event_send_for_approval,
)
from events.services.base import (
    CHANGE_FIELDS,
    PURPOSE_APPROVAL,
    PURPOSE_CHANGE,
    PURPOSE_REAPPROVAL,
    EventError,
    event_url,
)
from events.services.budget import (
    approval_amount,
    budget_check_tolerance,
    budget_flags,
    budget_line_save,
    budget_rule_settings,
    budget_totals,
    route_for,
)
from events.services.changes import event_propose_change, needs_change_approval
from events.services.lifecycle import (
    event_cancel,
    event_close,
    event_mark_held,
    event_start_closing,
)
from events.services.program import program_item_add

__all__ = [
    "CHANGE_FIELDS",
    "EVENT_APPROVAL_HANDLER",
    "EventError",
    "PURPOSE_APPROVAL",
    "PURPOSE_CHANGE",
    "PURPOSE_REAPPROVAL",
    "approval_amount",
    "budget_check_tolerance",
    "budget_flags",
    "budget_line_save",
    "budget_rule_settings",
    "budget_totals",
    "event_cancel",
    "event_close",
    "event_decide",
    "event_mark_held",
    "event_propose_change",
    "event_resubmit_reapproval",
    "event_send_for_approval",
    "event_start_closing",
    "event_url",
    "needs_change_approval",
    "program_item_add",
    "route_for",
]
