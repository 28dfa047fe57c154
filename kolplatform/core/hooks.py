"""The one way modules extend each other (docs/decisions/core.md "Hooks").

A lower module never imports a higher one (core <- experts <- contracts <- events <- payments,
feedback <- analytics). Where a lower module needs the work of a higher one, it names a hook here
and the higher module contributes to it from its `AppConfig.ready()`, never at import time:

Extension points (synchronous, in the caller's transaction; `contribute` / `contributions`):

    hooks.contribute(hooks.CABINET_CARD, "events", upcoming_events_card, order=20)
    for provider in hooks.contributions(hooks.CABINET_CARD): ...

Domain events (after the commit; `subscribe` / `emit`):

    hooks.emit("act.signed", act_id=act.pk, actor_id=actor.pk)  # runs subscribers on commit

`emit` checks the event name and its payload keys against `EVENTS`; subscribers run after the
transaction commits (not at all on rollback), each on its own: one that fails is logged and the
others still run. Payloads are primary keys and plain values, never model instances.

A subscriber that must write in the emitter's transaction (an outbox: its rows commit or roll back
with the change they report) subscribes with `in_transaction=True`; it runs inside `emit`, and an
exception of it fails the emitter's transaction, as an extension point's would.
docs/architecture.md lists every hook and event, who emits it and who listens.
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtensionPoint:
    """A synchronous hook: contributions are called in the caller's transaction."""

    name: str
    signature: str  # what a contribution is, for readers and for the error messages


APPROVAL_HANDLER = ExtensionPoint(
    "approval_handler",
    "key 'app_label.model'; ApprovalHandler(on_approved, on_rejected), each called with "
    "target, request, actor, comment when a request of such an object finishes",
)
ACT_SIGNED = ExtensionPoint(
    "act_signed", "fn(*, act, actor) when an act becomes signed by both sides"
)
INVOICE_SIGNED = ExtensionPoint(
    "invoice_signed", "fn(*, act, document, actor) when an entrepreneur signs an invoice"
)
CABINET_CARD = ExtensionPoint(
    "cabinet_card", "provider(*, expert) -> core.cabinet.CabinetCard | None"
)
PROFILE_SECTION = ExtensionPoint(
    "profile_section", "provider(*, expert, user) -> experts.profile.ProfileSection | None"
)
NAV_ITEM = ExtensionPoint("nav_item", "core.navigation.NavItem")
EVIDENCE_EVENT = ExtensionPoint(
    "evidence_event", "provider(*, event) -> iterable of core.evidence.EvidenceFile"
)
EVIDENCE_EXPERT_YEAR = ExtensionPoint(
    "evidence_expert_year",
    "provider(*, expert, year) -> iterable of core.evidence.EvidenceFile",
)
COMMITMENT_LIMITS = ExtensionPoint(
    "commitment_limits",
    "provider(*, expert, on, contracts, exclude_order_ids) -> list[contracts.caps.CapLine]: the "
    "caps a commitment to `expert` dated `on` under `contracts` must respect, what each has used "
    "without the orders `exclude_order_ids`",
)
PENDING_DECISIONS = ExtensionPoint(
    "pending_decisions",
    "provider(*, user) -> core.inbox.DecisionGroup | None: decisions outside the approval "
    "routes waiting for `user` (assessments, master-data requests), bounded, shown in the inbox",
)
PARTICIPANT_LINK = ExtensionPoint(
    "participant_link",
    "provider(*, participant) -> core.hooks.ParticipantLink | None: a link offered to an event "
    "participant on their badge page (the survey, personal after check-in)",
)
SPEAKER_RATING = ExtensionPoint(
    "speaker_rating",
    "provider(*, expert, now) -> core.hooks.SpeakerRating: the expert's average speaker rating "
    "in the rating window ending at `now`, for the grading criterion computed from it",
)


@dataclass(frozen=True)
class ParticipantLink:
    label: str
    url: str
    testid: str = ""


@dataclass(frozen=True)
class SpeakerRating:
    average: object  # Decimal | None
    count: int
    window_start: object  # datetime: the first submission time that counts
    source: str  # a readable description of where the figure comes from


EXTENSION_POINTS = (
    APPROVAL_HANDLER,
    ACT_SIGNED,
    INVOICE_SIGNED,
    CABINET_CARD,
    PROFILE_SECTION,
    NAV_ITEM,
    EVIDENCE_EVENT,
    EVIDENCE_EXPERT_YEAR,
    COMMITMENT_LIMITS,
    PENDING_DECISIONS,
    PARTICIPANT_LINK,
    SPEAKER_RATING,
)

# Domain events and the keys of their payloads (ids and plain values).
EVENTS: dict[str, frozenset[str]] = {
    "expert.created": frozenset({"expert_id", "actor_id"}),
    "expert.updated": frozenset({"expert_id", "actor_id", "fields"}),
    "contract.signed": frozenset({"contract_id", "expert_id", "actor_id"}),
    "document.signed": frozenset({"document_id", "kind", "contract_id", "actor_id"}),
    "act.signed": frozenset({"act_id", "contract_id", "expert_id", "actor_id"}),
    "event.status_changed": frozenset({"event_id", "from_status", "to_status", "actor_id"}),
    "payout.status_changed": frozenset(
        {"payout_id", "expert_id", "from_status", "to_status", "actor_id"}
    ),
    "feedback.response_received": frozenset({"response_id", "survey_id", "event_id"}),
    "visit.submitted": frozenset(
        {"visit_id", "rep_id", "institution_id", "geo_status", "actor_id"}
    ),
}


@dataclass(frozen=True)
class _Contribution:
    key: str
    item: object
    order: int


_contributions: dict[str, dict[str, _Contribution]] = {p.name: {} for p in EXTENSION_POINTS}
_subscribers: dict[str, dict[str, Callable]] = {name: {} for name in EVENTS}
_in_transaction: dict[str, dict[str, Callable]] = {name: {} for name in EVENTS}
# The batch form of an in-transaction subscriber, fn(payloads), used by emit_many.
_in_transaction_many: dict[str, dict[str, Callable]] = {name: {} for name in EVENTS}


class HookError(RuntimeError):
    """A hook used against its rules (unknown name, wrong payload, registered too late)."""


def _check_registration_time(what: str) -> None:
    # apps.ready turns True after every AppConfig.ready() has run.
    if apps.ready:
        raise HookError(f"{what}: register hooks in AppConfig.ready() only")


def contribute(point: ExtensionPoint, key: str, item, *, order: int = 0) -> None:
    """Add `item` to `point` under a unique `key` (case-insensitive; a second call with the key
    replaces it)."""
    if point.name not in _contributions:
        raise HookError(f"unknown extension point {point.name!r}")
    _check_registration_time(f"{point.name}/{key}")
    _contributions[point.name][key.lower()] = _Contribution(key.lower(), item, order)


def contributions(point: ExtensionPoint) -> list:
    """The items contributed to `point`, by (order, key)."""
    entries = sorted(_contributions[point.name].values(), key=lambda c: (c.order, c.key))
    return [c.item for c in entries]


def contribution(point: ExtensionPoint, key: str):
    """The item contributed to `point` under `key`, or None."""
    entry = _contributions[point.name].get(key.lower())
    return entry.item if entry else None


def subscribe(
    event: str, name: str, fn: Callable, *, in_transaction: bool = False, many=None
) -> None:
    """Call `fn(**payload)` after the commit of every transaction that emits `event`; with
    `in_transaction`, inside `emit`, in the emitter's transaction (an outbox), and then
    `many(payloads)`, when given, takes the payloads of one emit_many in one call."""
    if event not in EVENTS:
        raise HookError(f"unknown event {event!r}")
    _check_registration_time(f"{event}/{name}")
    (_in_transaction if in_transaction else _subscribers)[event][name] = fn
    if in_transaction and many is not None:
        _in_transaction_many[event][name] = many


def _check_payload(event: str, payload: dict) -> None:
    expected = EVENTS.get(event)
    if expected is None:
        raise HookError(f"unknown event {event!r}")
    if set(payload) != expected:
        raise HookError(f"{event}: payload keys {sorted(payload)} != {sorted(expected)}")


def emit(event: str, **payload) -> None:
    """Dispatch `event` to its subscribers once the current transaction commits."""
    _check_payload(event, payload)
    for fn in list(_in_transaction[event].values()):
        fn(**payload)
    transaction.on_commit(lambda: _dispatch(event, payload))


def emit_many(event: str, payloads: list[dict]) -> None:
    """emit() of `event` once per payload (a batch service): the same effects, but an
    in-transaction subscriber with a batch form writes them all in one call."""
    for payload in payloads:
        _check_payload(event, payload)
    if not payloads:
        return
    for name, fn in list(_in_transaction[event].items()):
        if batch := _in_transaction_many[event].get(name):
            batch(payloads)
        else:
            for payload in payloads:
                fn(**payload)
    transaction.on_commit(lambda: [_dispatch(event, payload) for payload in payloads])


def _dispatch(event: str, payload: dict) -> None:
    for name, fn in list(_subscribers[event].items()):
        try:
            fn(**payload)
        except Exception:  # one failing subscriber must not stop the others
            logger.exception("subscriber %s of %s failed", name, event)


@contextmanager
def subscribed(event: str, name: str, fn: Callable):
    """Subscribe `fn` to `event` inside the block only (for tests)."""
    if event not in EVENTS:
        raise HookError(f"unknown event {event!r}")
    _subscribers[event][name] = fn
    try:
        yield
    finally:
        _subscribers[event].pop(name, None)


@contextmanager
def listening(event: str):
    """Record the payloads of `event` dispatched inside the block (for tests)."""
    received: list[dict] = []
    with subscribed(event, f"_listening_{id(received)}", lambda **p: received.append(p)):
        yield received


@contextmanager
def overridden(point: ExtensionPoint, key: str, item, *, order: int = 0):
    """Contribute `item` under `key` inside the block only, then restore (for tests)."""
    table = _contributions[point.name]
    previous = table.get(key.lower())
    table[key.lower()] = _Contribution(key.lower(), item, order)
    try:
        yield
    finally:
        if previous is None:
            table.pop(key.lower(), None)
        else:
            table[key.lower()] = previous
