"""Permissions on events (django-rules).

- field staff plan and edit their own events (owner or team);
- marketing managers: events of their products or regions, budgets, vendor requests, closing;
- approvers, legal, finance: view every event; decide via the approvals engine;
- compliance: view every event, regulator notices, closing review, evidence packs;
- finance: records the date a vendor was paid (also after the event closed);
- KOL: the cabinet only (own events as speaker or participant, see selectors.cabinet_events).
"""

import rules

from kolplatform.core.rules import (
    is_admin,
    is_approver,
    is_compliance,
    is_finance,
    is_marketing_manager,
    is_staff_member,
)


def _answer(event, user, name: str, read) -> bool:
    """A predicate's answer for this user, kept on the event instance. A page asks several
    permissions built on the same predicates (edit, evidence, feedback), each a query; an
    instance lives for one request or task, so the answer is read once per user."""
    answers = event.__dict__.setdefault("_rule_answers", {})
    key = (name, user.pk)
    if key not in answers:
        answers[key] = read()
    return answers[key]


@rules.predicate
def is_event_member(user, event) -> bool:
    if event is None:
        return False
    if event.owner_id == user.pk:
        return True
    return _answer(event, user, "team", lambda: event.team.filter(pk=user.pk).exists())


def _covers(user, event) -> bool:
    if event.region_id and user.regions.filter(pk=event.region_id).exists():
        return True
    return event.products.filter(pk__in=user.products.values("pk")).exists()


@rules.predicate
def is_event_manager(user, event) -> bool:
    """A marketing manager whose products or regions cover the event."""
    if event is None or not user.has_role("marketing_manager"):
        return False
    return _answer(event, user, "covers", lambda: _covers(user, event))


is_planner = rules.is_group_member("field_staff") | rules.is_group_member("marketing_manager")
can_edit = is_admin | is_event_member | is_event_manager

rules.add_perm("events.add_event", is_planner | is_admin)
sees_all_events = is_approver | rules.is_group_member("marketing_manager") | is_admin

rules.add_perm("events.view_all_events", sees_all_events)
rules.add_perm("events.view_event", sees_all_events | (is_staff_member & is_event_member))
rules.add_perm("events.change_event", can_edit)
rules.add_perm("events.decide_event", is_approver)
rules.add_perm("events.manage_notice", is_compliance)
rules.add_perm("events.review_closing", is_compliance)
# Finance pays vendors and records the payment date (cash basis of the transparency report).
rules.add_perm("events.record_vendor_payment", is_finance)
# The evidence pack (events/evidence.py) holds each speaker's fee and payouts: only those who may
# see one KOL's fees (payments.rules) get it — compliance, administrators, and marketing managers
# who own or run the event (or whose products or regions cover it).
rules.add_perm(
    "events.download_evidence",
    is_compliance | is_admin | (is_marketing_manager & (is_event_member | is_event_manager)),
)
