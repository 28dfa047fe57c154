"""Budget of an event: totals, rule flags, the approval route by amount, line writes and the
over-budget tolerance that sends an event to re-approval."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from events import budget_rules
from events.models import BudgetLine, BudgetRuleSetting, Event
from events.services.base import (
    PURPOSE_REAPPROVAL,
    EventError,
    _locked,
    _transition,
    event_url,
)
from kolplatform.core.approvals import (
    approval_request_start,
    approval_route_for,
    step_deciders,
)
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog
from kolplatform.core.notifications import notify


def budget_totals(event: Event) -> dict[str, Decimal]:
    """Planned, final and actual totals of the event (one query)."""
    sums = event.budget_lines.aggregate(p=Sum("planned"), f=Sum("final"), a=Sum("actual"))
    return {
        k: sums[s] or Decimal("0.00")
        for k, s in (("planned", "p"), ("final", "f"), ("actual", "a"))
    }


def approval_amount(event: Event) -> Decimal:
    """The amount approved: the final figures, or the planned ones where no final is set."""
    total = Decimal("0.00")
    for line in event.budget_lines.all():
        total += line.final or line.planned
    return total


def budget_rule_settings() -> dict:
    settings = dict(budget_rules.DEFAULTS)
    for row in BudgetRuleSetting.objects.all():
        settings[row.code] = (row.mode, row.limit)
    return settings


def budget_flags(event: Event) -> list[budget_rules.Flag]:
    lines = list(event.budget_lines.all())
    catering = sum(
        (max(ln.final, ln.planned) for ln in lines if ln.category == "catering"), Decimal("0")
    )
    total = sum((max(ln.final, ln.planned, ln.actual) for ln in lines), Decimal("0"))
    facts = budget_rules.BudgetFacts(
        total=total,
        catering=catering,
        participants=event.planned_participants,
        speakers=len({p.speaker_id for p in event.program_items.all() if p.speaker_id}),
        entertainment_lines=tuple(
            ln.description or ln.get_category_display()
            for ln in lines
            if ln.is_entertainment or budget_rules.looks_like_entertainment(ln.description)
        ),
    )
    return budget_rules.evaluate(facts, budget_rule_settings())


def route_for(event: Event):
    """The event type's route, or the events route chosen by amount."""
    return event.event_type.approval_route or approval_route_for(
        target_model=Event, amount=approval_amount(event)
    )


@transaction.atomic
def budget_line_save(
    *, event: Event, actor, line: BudgetLine | None = None, **values
) -> BudgetLine:
    """Create or change a budget line; then apply the over-budget rule.

    `line` only names the row: the rules compare against the row as stored, read under lock (a
    ModelForm has already written the new values onto the instance it was given)."""
    event = _locked(event)
    if event.status in (Event.Status.CLOSED, Event.Status.CANCELLED, Event.Status.CLOSING):
        raise EventError(_("The budget of a closed or cancelled event cannot change."))
    stored = None
    if line is not None:
        stored = BudgetLine.objects.select_for_update().get(pk=line.pk, event=event)
    allowed = event.event_type.allowed_budget_categories
    category = values.get("category", stored.category if stored else None)
    if allowed and category not in allowed:
        raise EventError(_("This category is not allowed for this event type."))
    stored_actual = stored.actual if stored else None
    if budget_rules.freeze_refuses(
        is_frozen=event.is_frozen,
        stored_actual=stored_actual,
        new_actual=values.get("actual", stored_actual or Decimal("0")),
    ):
        raise EventError(_("No new spending while the event is in approval or re-approval."))
    line = stored or BudgetLine(event=event)
    for key, value in values.items():
        setattr(line, key, value)
    line.save()
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        changes={"budget_line": line.pk, **{k: str(v) for k, v in values.items()}},
    )
    budget_check_tolerance(event=event, actor=actor)
    return line


def budget_check_tolerance(*, event: Event, actor) -> bool:
    """Send an approved or held event to re-approval when the final or actual total exceeds the
    approved total beyond its route's tolerance (DESIGN.md §5). Returns True when it did."""
    if (
        event.status not in (Event.Status.APPROVED, Event.Status.HELD)
        or event.approved_total is None
    ):
        return False
    route = route_for(event)
    tolerance = route.over_budget_tolerance_percent if route else Decimal("10")
    totals = budget_totals(event)
    current = max(totals["final"], totals["actual"])
    if not budget_rules.exceeds_tolerance(
        approved_total=event.approved_total, current_total=current, tolerance_percent=tolerance
    ):
        return False
    _transition(
        event,
        "require_budget_reapproval",
        actor=actor,
        comment=_("Budget %(cur)s above approved %(app)s + %(tol)s%%")
        % {"cur": current, "app": event.approved_total, "tol": tolerance},
        fields=("status", "status_before_reapproval"),
    )
    request = approval_request_start(
        target=event, actor=actor, route=route, amount=current, purpose=PURPOSE_REAPPROVAL
    )
    deciders = step_deciders(request.current_step) if request.current_step else []
    notify(
        recipients=[event.owner, *deciders],
        title=_("Budget re-approval needed: %(event)s") % {"event": event},
        body=_(
            "The budget %(cur)s exceeds the approved %(app)s beyond the tolerance of "
            "%(tol)s%%. No new spending until re-approved."
        )
        % {"cur": current, "app": event.approved_total, "tol": tolerance},
        url=event_url(event),
        level="warning",
    )
    return True


# --- Approval -------------------------------------------------------------------------------
