"""The approvals engine (DESIGN.md §4 "Approval request").

Routes are data and requests attach to any object.

A route (ApprovalRoute) is chosen by the kind of object and its amount; its steps apply in order,
each only from its amount threshold; each step is decided by members of a role or by a named user.
One decision per step; a rejection ends the request, the last approval approves it. The module that
owns the object contributes handlers (kolplatform.core.hooks, from its AppConfig.ready()) that
run in the same transaction when a request finishes:

    hooks.contribute(hooks.APPROVAL_HANDLER, "contracts.Contract",
                     ApprovalHandler(on_approved=..., on_rejected=...))

Handlers receive keyword arguments: target, request, actor, comment. Separation of duties: whoever
started a request cannot decide a step of it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kolplatform.core import hooks
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.errors import DomainError
from kolplatform.core.models import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRoute,
    ApprovalStep,
    AuditLog,
)
from kolplatform.core.notifications import notify


class ApprovalError(DomainError):
    """A decision or request that the rules do not allow; the message is shown to the user."""


@dataclass(frozen=True)
class ApprovalHandler:
    on_approved: Callable
    on_rejected: Callable


def _handler_for(request: ApprovalRequest) -> ApprovalHandler | None:
    ct = request.target_type
    return hooks.contribution(hooks.APPROVAL_HANDLER, f"{ct.app_label}.{ct.model}")


# --- Routes ----------------------------------------------------------------------------------


def approval_route_for(*, target_model, amount: Decimal | None = None) -> ApprovalRoute | None:
    """The active route for this kind of object whose amount range contains `amount`.

    Ranges are [min_amount, max_amount); an empty bound is open. Where ranges overlap, the one
    with the highest lower bound wins (the most specific). Without an amount only routes with no
    lower bound apply.
    """
    routes = ApprovalRoute.objects.filter(
        is_active=True, target_type=ContentType.objects.get_for_model(target_model)
    )
    if amount is None:
        routes = routes.filter(min_amount__isnull=True)
    else:
        routes = routes.filter(
            Q(min_amount__isnull=True) | Q(min_amount__lte=amount),
            Q(max_amount__isnull=True) | Q(max_amount__gt=amount),
        )
    return routes.order_by(models.F("min_amount").desc(nulls_last=True), "pk").first()


def approval_steps_for(*, route: ApprovalRoute, amount: Decimal | None) -> list[ApprovalStep]:
    """The steps of `route` that apply to `amount`, in order (no threshold: always applies)."""
    return [
        step
        for step in route.steps.order_by("order")
        if step.min_amount is None or (amount is not None and amount >= step.min_amount)
    ]


def step_deciders(step: ApprovalStep):
    """The active users who may decide `step`."""
    User = get_user_model()
    if step.user_id:
        return User.objects.filter(pk=step.user_id, is_active=True)
    return User.objects.filter(groups__name=step.role, is_active=True).distinct()


def user_can_decide(*, request: ApprovalRequest, user) -> bool:
    step = request.current_step
    if request.status != ApprovalRequest.Status.PENDING or step is None:
        return False
    if request.requested_by_id == user.pk:
        return False
    if step.user_id:
        return step.user_id == user.pk
    return user.has_role(step.role)


# --- Requests --------------------------------------------------------------------------------


def approval_current(*, target, purpose: str | None = None) -> ApprovalRequest | None:
    """The pending request of `target` (for `purpose`), if any."""
    qs = approval_history(target=target).filter(status=ApprovalRequest.Status.PENDING)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.first()


def approval_history(*, target):
    return (
        ApprovalRequest.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
        .select_related("route", "current_step", "requested_by")
        .prefetch_related("decisions__decided_by", "decisions__step")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def approval_request_start(
    *,
    target,
    actor,
    route: ApprovalRoute | None = None,
    amount: Decimal | None = None,
    purpose: str = "approval",
    comment: str = "",
) -> ApprovalRequest:
    """Start a request on `target` along `route` (or the route chosen for its kind and amount).

    A route with no step applying to the amount approves at once (the handler runs). The caller
    holds the row lock of `target` (as its submit service does), so two concurrent starts cannot
    both pass the "already pending" check.
    """
    route = route or approval_route_for(target_model=type(target), amount=amount)
    if route is None:
        raise ApprovalError(_("No approval route is configured for this kind of object."))
    if approval_current(target=target, purpose=purpose) is not None:
        raise ApprovalError(_("An approval request is already pending."))
    steps = approval_steps_for(route=route, amount=amount)
    request = ApprovalRequest.objects.create(
        route=route,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        purpose=purpose,
        amount=amount,
        requested_by=actor,
        current_step=steps[0] if steps else None,
        step_started_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=request,
        comment=comment,
        changes={"target": str(target), "route": route.code, "purpose": purpose},
    )
    if not steps:
        _finish(request=request, actor=actor, approved=True, comment=comment)
    else:
        _notify_step(request=request, target=target)
    return request


@transaction.atomic
def approval_decide(
    *,
    request: ApprovalRequest,
    actor,
    approve: bool,
    comment: str = "",
    step: ApprovalStep | None = None,
) -> ApprovalRequest:
    """Record `actor`'s decision on the current step; move on, approve or reject the request.

    The request row is locked, so of two concurrent decisions on one step exactly one is recorded
    (the unique constraint on request+step backs this up where rows cannot be locked). Pass the
    `step` the decider saw: if the request moved on meanwhile, the decision is refused instead of
    landing on the next step.
    """
    request = (
        ApprovalRequest.objects.select_for_update(of=("self",))
        .select_related("current_step", "route", "target_type", "requested_by")
        .get(pk=request.pk)
    )
    if request.status != ApprovalRequest.Status.PENDING or (
        step is not None and step.pk != request.current_step_id
    ):
        raise ApprovalError(_("This step has already been decided."))
    if not user_can_decide(request=request, user=actor):
        raise ApprovalError(_("You cannot decide this step."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ApprovalError(_("A rejection needs a comment."))
    step = request.current_step
    _record_decision(request=request, step=step, actor=actor, approve=approve, comment=comment)
    if not approve:
        _finish(request=request, actor=actor, approved=False, comment=comment)
        return request
    _advance(request=request, step=step, actor=actor, comment=comment)
    return request


def _record_decision(
    *, request: ApprovalRequest, step: ApprovalStep, actor, approve: bool, comment: str
) -> None:
    """The decision row; a second decision on the same step is refused (unique request+step)."""
    try:
        with transaction.atomic():
            ApprovalDecision.objects.create(
                request=request,
                step=step,
                decided_by=actor,
                outcome=(
                    ApprovalDecision.Outcome.APPROVED
                    if approve
                    else ApprovalDecision.Outcome.REJECTED
                ),
                comment=comment,
            )
    except IntegrityError as exc:
        raise ApprovalError(_("This step has already been decided.")) from exc


def _advance(*, request: ApprovalRequest, step: ApprovalStep, actor, comment: str) -> None:
    """After an approval: on to the next step of the route for the amount, or the request is
    approved."""
    remaining = [
        s
        for s in approval_steps_for(route=request.route, amount=request.amount)
        if s.order > step.order
    ]
    if remaining:
        request.current_step = remaining[0]
        request.step_started_at = timezone.now()
        request.save(update_fields=["current_step", "step_started_at"])
        audit_log(
            actor=actor,
            action=AuditLog.Action.UPDATE,
            obj=request,
            comment=comment,
            changes={"step_approved": step.name, "next_step": remaining[0].name},
        )
        _notify_step(request=request, target=request.target)
    else:
        _finish(request=request, actor=actor, approved=True, comment=comment)


@transaction.atomic
def approval_cancel(*, request: ApprovalRequest, actor, comment: str = "") -> ApprovalRequest:
    """Withdraw a pending request (the object changed or was withdrawn); no handler runs."""
    request = ApprovalRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.status != ApprovalRequest.Status.PENDING:
        return request
    from_state = request.status
    request.cancel()
    request.decided_at = timezone.now()
    request.current_step = None
    request.save(update_fields=["status", "decided_at", "current_step"])
    audit_transition(actor=actor, obj=request, from_state=from_state, comment=comment)
    return request


def _finish(*, request: ApprovalRequest, actor, approved: bool, comment: str) -> None:
    from_state = request.status
    request.approve() if approved else request.reject()
    request.decided_at = timezone.now()
    request.current_step = None
    request.save(update_fields=["status", "decided_at", "current_step"])
    audit_transition(actor=actor, obj=request, from_state=from_state, comment=comment)
    target = request.target
    handler = _handler_for(request)
    if handler is not None:
        callback = handler.on_approved if approved else handler.on_rejected
        callback(target=target, request=request, actor=actor, comment=comment)
    title = _lazy("Approved: %(obj)s") if approved else _lazy("Rejected: %(obj)s")
    _notify_translated(
        recipients=[request.requested_by],
        title=title,
        body=comment,
        params={"obj": str(target)},
        url=_target_url(target),
        level="info" if approved else "warning",
    )


def _notify_step(*, request: ApprovalRequest, target) -> None:
    step = request.current_step
    _notify_translated(
        recipients=step_deciders(step).exclude(pk=request.requested_by_id),
        title=_lazy("Your approval is needed: %(obj)s"),
        body=_lazy("Step: %(step)s. Please decide within %(days)s days."),
        params={"obj": str(target), "step": step.name, "days": step.sla_days},
        url=reverse("core:approvals_inbox"),
        level="action",
    )


def _notify_translated(*, recipients, title, body, params: dict, **kwargs) -> int:
    """notify() with title and body rendered in each recipient's own language; rows written."""
    by_language: dict[str, list] = {}
    for user in recipients:
        by_language.setdefault(user.language or settings.LANGUAGE_CODE, []).append(user)
    written = 0
    for language, users in by_language.items():
        with translation.override(language):
            written += len(
                notify(
                    recipients=users,
                    title=str(title) % params,
                    body=str(body) % params if body else "",
                    **kwargs,
                )
            )
    return written


def _target_url(target) -> str:
    get_url = getattr(target, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


# --- Reads for inboxes and reminders -----------------------------------------------------------


def approval_pending_for_user(*, user):
    """Pending requests whose current step `user` may decide (not their own requests).

    Mirrors user_can_decide: a step named for a user is theirs alone; a role step is open to the
    role's members (a superuser holds every staff role).

    The steps the user may decide are read first (a few rows of the routes), so the requests
    are filtered by their ids and read in the order of the inbox's partial index instead of
    joining and sorting every pending request.
    """
    role_step = Q(user__isnull=True)
    if not user.is_superuser:
        role_step &= Q(role__in=list(user.role_names))
    steps = list(ApprovalStep.objects.filter(Q(user=user) | role_step).values_list("pk", flat=True))
    pending = ApprovalRequest.objects.filter(status=ApprovalRequest.Status.PENDING)
    return (
        pending.filter(current_step__in=steps)
        .exclude(requested_by=user)
        .select_related("route", "current_step", "requested_by", "target_type")
        .order_by("step_started_at", "pk")
    )


def approval_overdue(*, now=None) -> list[ApprovalRequest]:
    """Pending requests whose current step is past its SLA (calendar days from the step's start)."""
    now = now or timezone.now()
    pending = ApprovalRequest.objects.filter(
        status=ApprovalRequest.Status.PENDING, current_step__isnull=False
    ).select_related("current_step", "route", "target_type")
    return [r for r in pending.iterator() if r.is_overdue_at(now)]


def approval_send_sla_reminders(*, now=None) -> int:
    """Remind the deciders of every overdue step; at most once per step and recipient per day.

    Idempotent: the dedup key (request, step, local date) makes a second run the same day a no-op.
    Returns the number of notifications written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now).isoformat()
    sent = 0
    for request in approval_overdue(now=now):
        step = request.current_step
        with transaction.atomic():
            sent += _notify_translated(
                recipients=step_deciders(step).exclude(pk=request.requested_by_id),
                title=_lazy("Overdue approval: %(obj)s"),
                body=_lazy("Step %(step)s was due on %(due)s. Please decide."),
                params={
                    "obj": str(request.target),
                    "step": step.name,
                    "due": timezone.localtime(request.due_at).strftime("%d.%m.%Y"),
                },
                url=reverse("core:approvals_inbox"),
                level="warning",
                dedup_key=f"approval-sla:{request.pk}:{step.pk}:{today}",
            )
    return sent
