"""Who may speak at an event, and the programme writes.

A speaker must be an expert with a valid personal-data consent (152-FZ), an active contract covering
the event date, a competency on the topic (or the event's product or therapeutic area), and an
approved service order for this event (fee = hours x the tier rate, within the contract cap).
"""

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from contracts.models import ServiceOrder
from events import upstream
from events.errors import EventError
from events.models import BudgetCategory, BudgetLine, Event, EventOrder, ProgramItem


def speaker_blocking_reasons(*, event: Event, expert, topic: str, order=None) -> list[str]:
    """Every reason `expert` cannot speak on `topic` at `event` (empty: may speak)."""
    reasons = []
    on = event.starts_at.date()
    consent = upstream.consent_blocking_reason(expert=expert, on=event.starts_at)
    if consent:
        reasons.append(consent)
    if upstream.contract_active_for(expert=expert, on=on) is None:
        reasons.append(
            _("%(expert)s has no active contract covering %(date)s.")
            % {"expert": expert, "date": on.strftime("%d.%m.%Y")}
        )
    if not upstream.has_competency(
        expert=expert,
        topic=topic,
        products=list(event.products.all()),
        therapeutic_area=event.therapeutic_area,
    ):
        reasons.append(
            _("%(expert)s has no approved competency on this topic or product.")
            % {"expert": expert}
        )
    if order is None:
        reasons.append(_("No approved service order for this event yet."))
    elif order.status not in (ServiceOrder.Status.APPROVED, ServiceOrder.Status.SIGNED):
        reasons.append(_("The service order %(order)s is not approved.") % {"order": order})
    return reasons


def order_for_event(*, event: Event, expert):
    """The expert's approved order created for this event, if any."""
    return (
        ServiceOrder.objects.filter(
            contract__expert=expert,
            event_link__event=event,
            status__in=[ServiceOrder.Status.APPROVED, ServiceOrder.Status.SIGNED],
        )
        .order_by("-id")
        .first()
    )


@transaction.atomic
def speaker_order_create(*, event: Event, expert, hours: Decimal, actor):
    """Create and approve the speaker's order for this event (hours x the tier rate).

    The fee is fixed by the rate card and the contract cap, so the order is approved at creation;
    the event's own approval covers the spending.
    """
    if event.is_frozen:
        raise EventError(_("No new orders while the event is in approval or re-approval."))
    contract = upstream.contract_active_for(expert=expert, on=event.starts_at.date())
    if contract is None:
        raise EventError(
            _("%(expert)s has no active contract covering the event date.") % {"expert": expert}
        )
    try:
        order = upstream.service_order_create(
            contract=contract,
            service_type=event.event_type.service_type or "lecture",
            hours=hours,
            order_date=event.starts_at.date(),
            actor=actor,
            description=event.title,
        )
    except upstream.OrderError as exc:
        raise EventError(str(exc)) from exc
    EventOrder.objects.create(event=event, service_order=order)
    BudgetLine.objects.create(
        event=event,
        category=BudgetCategory.SPEAKER_FEES,
        description=str(expert),
        planned=order.amount,
        final=order.amount if event.approved_total else 0,
        service_order=order,
    )
    return order


def speaker_fees_refusal(event: Event) -> str | None:
    """Why the speaker fees of `event` cannot go to approval: for each speaker, the fees planned
    for this event on top of everything else committed to them must fit the contract cap and the
    annual cap (contracts.caps). A speaker's fee per order is the larger of the order's amount
    and its speaker-fee budget lines (final, or planned where no final is set); a speaker-fee
    line without an order names no expert and is left to the event's own approval."""
    planned = defaultdict(Decimal)
    for line in event.budget_lines.filter(
        category=BudgetCategory.SPEAKER_FEES, service_order__isnull=False
    ):
        planned[line.service_order_id] += line.final or line.planned
    orders = (
        ServiceOrder.objects.filter(Q(pk__in=list(planned)) | Q(event_link__event=event))
        .distinct()
        .exclude(status=ServiceOrder.Status.CANCELLED)
        .select_related("contract__expert")
    )
    experts, amounts, order_ids = {}, defaultdict(dict), defaultdict(set)
    for order in orders:
        expert = order.contract.expert
        experts[expert.pk] = expert
        fee = max(order.amount, planned.get(order.pk, Decimal("0")))
        by_contract = amounts[expert.pk]
        by_contract[order.contract] = by_contract.get(order.contract, Decimal("0")) + fee
        order_ids[expert.pk].add(order.pk)
    reasons = [
        reason
        for pk, expert in sorted(experts.items())
        if (
            reason := upstream.commitment_refusal(
                expert=expert,
                on=event.starts_at.date(),
                amounts=amounts[pk],
                exclude_order_ids=order_ids[pk],
            )
        )
    ]
    return " ".join(reasons) or None


def _as_datetime(value):
    return value if isinstance(value, datetime) else parse_datetime(value)


def program_item_apply(*, event: Event, data: dict) -> ProgramItem:
    """Write a programme item whose speaker was already checked."""
    return ProgramItem.objects.create(
        event=event,
        topic=data["topic"],
        starts_at=_as_datetime(data["starts_at"]),
        ends_at=_as_datetime(data["ends_at"]),
        speaker_id=data.get("speaker_id"),
        service_order_id=data.get("service_order_id"),
    )
