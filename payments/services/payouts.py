"""Payout lifecycle: creation from a signed act, checks, approval by finance, cancel, retry.

Every state change locks the row (select_for_update) and saves with a compare-and-swap on the
previous status, so two accountants acting at the same moment produce one change: the second gets
a PayoutError saying what happened (issue 6 §4).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import Act
from kolplatform.core import hooks
from kolplatform.core.approvals import (
    ApprovalError,
    ApprovalHandler,
    approval_cancel,
    approval_current,
    approval_decide,
    approval_request_start,
)
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.bulk import insert_rows, update_rows
from kolplatform.core.errors import DomainError
from kolplatform.core.models import AuditLog
from kolplatform.core.refusals import transition_refusal
from payments import checks, tax
from payments.bulk import audit_rows
from payments.models import CapException, Payout, PayoutCheck
from payments.services.reminders import payout_notify_accountants
from payments.tax_settings import SettingsBook, TaxSettingsMissing

S = Payout.Status
CHECKABLE = [S.PENDING_CHECKS, S.BLOCKED, S.READY]
APPROVAL_PURPOSE = "payout"


class PayoutError(DomainError):
    """A payout action the rules do not allow; the message is shown to the user."""


def _save(payout: Payout, *, from_state: str, fields: list[str], actor=None) -> None:
    """Persist a transition only if nobody changed the status meanwhile (compare-and-swap)."""
    values = {f: getattr(payout, f) for f in ["status", *fields]}
    if not Payout.objects.filter(pk=payout.pk, status=from_state).update(**values):
        raise PayoutError(_("The payout was changed by someone else; reload the page."))
    if payout.status != from_state:
        emit_status_changed(payout, from_state=from_state, actor=actor)


def emit_status_changed(payout: Payout, *, from_state: str, actor, to_state=None) -> None:
    """The domain event payout.status_changed, dispatched on commit (kolplatform.core.hooks);
    `to_state` defaults to the payout's status."""
    hooks.emit(
        "payout.status_changed",
        payout_id=payout.pk,
        expert_id=payout.expert_id,
        from_status=str(from_state),
        to_status=str(to_state or payout.status),
        actor_id=getattr(actor, "pk", None),
    )


def _locked(payout_or_pk) -> Payout:
    pk = getattr(payout_or_pk, "pk", payout_or_pk)
    return (
        Payout.objects.select_for_update(of=("self",))
        .select_related("act", "expert", "contract")
        .get(pk=pk)
    )


def _ytd_incomes(payouts: list[Payout]) -> dict[int, Decimal]:
    """Income paid to each payout's expert earlier in the same year (by due date, then id)."""
    expert_ids = {p.expert_id for p in payouts}
    years = {p.due_date.year for p in payouts}
    rows = defaultdict(list)
    for row in Payout.objects.filter(
        ~Q(status=S.CANCELLED), expert_id__in=expert_ids, due_date__year__in=years
    ).values_list("pk", "expert_id", "due_date", "gross"):
        rows[row[1]].append(row)
    result = {}
    for p in payouts:
        key = (p.due_date, p.pk or 10**18)
        result[p.pk] = sum(
            (
                g
                for pk, _e, d, g in rows[p.expert_id]
                if d.year == p.due_date.year and (d, pk) < key
            ),
            Decimal(0),
        )
    return result


def _apply_tax(payout: Payout, ytd_income: Decimal, book: SettingsBook) -> None:
    try:
        params = book.params_on(payout.due_date)
    except TaxSettingsMissing as exc:
        raise PayoutError(str(exc)) from exc
    result = tax.compute_payout_tax(
        regime=payout.tax_regime, gross=payout.gross, ytd_income=ytd_income, params=params
    )
    payout.withholding = result.withholding
    payout.employer_contributions = result.employer_contributions
    payout.net = result.net
    payout.calculation = result.calculation


@transaction.atomic
def payout_create_from_act(*, act: Act, actor) -> Payout:
    """The payout of an act signed by both sides (issue 6 §1); idempotent, one per act."""
    existing = Payout.objects.filter(act_id=act.pk).first()
    if existing is not None:
        return existing
    if act.status != Act.Status.SIGNED_BY_COMPANY:
        raise PayoutError(_("Act № %(n)s is not signed by both sides.") % {"n": act.number})
    contract = act.order.contract
    signed_on = timezone.localdate(act.signed_at) if act.signed_at else act.act_date
    payout = Payout(
        act=act,
        expert=contract.expert,
        contract=contract,
        tax_regime=contract.expert.tax_status,
        gross=tax.money(act.amount),
        currency_id=act.currency_id,
        due_date=signed_on + timedelta(days=contract.payment_terms_days),
    )
    _apply_tax(payout, _ytd_incomes([payout])[None], SettingsBook())
    try:
        with transaction.atomic():
            payout.save()
    except IntegrityError:
        return Payout.objects.get(act_id=act.pk)  # created by a concurrent call
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=payout,
        to_state=payout.status,
        changes={"act": act.number, "gross": str(payout.gross), "net": str(payout.net)},
    )
    payouts_run_checks(payout_ids=[payout.pk], actor=actor)
    payout.refresh_from_db()
    payout_notify_accountants(payout=payout)
    return payout


@transaction.atomic
def payouts_run_checks(*, payout_ids, actor) -> list[Payout]:
    """Recompute tax and run every check on the payouts not yet approved; record each result.

    A failed check blocks the payout with the reasons; all passing makes it ready for approval.
    """
    payouts = list(
        Payout.objects.select_for_update(of=("self",))
        .filter(pk__in=list(payout_ids), status__in=CHECKABLE)
        .select_related("act", "expert", "contract")
        .order_by("pk")
    )
    if not payouts:
        return []
    now = timezone.now()
    book = SettingsBook()
    ytd = _ytd_incomes(payouts)
    for p in payouts:
        p.tax_regime = p.expert.tax_status
        _apply_tax(p, ytd[p.pk], book)
    facts = checks.CheckFacts(payouts, book=book)
    records, audits, changed = [], [], []
    actor_id = getattr(actor, "pk", None)
    for p in payouts:
        results = checks.evaluate(p, facts)
        records += [[p.pk, now, c, r, m, actor_id] for c, r, m in results]
        failed = [m for _c, r, m in results if r == PayoutCheck.Result.FAILED]
        from_state = p.status
        p.blocked_reason = "\n".join(failed)
        p.checked_at = now
        if failed:
            p.block()
        elif p.status != S.READY:
            p.mark_ready()
        if p.status != from_state:
            audits.append((p, from_state, p.status, p.blocked_reason))
        changed.append(p)
    insert_rows(PayoutCheck, ["payout", "run_at", "code", "result", "message", "run_by"], records)
    _write_check_results(changed)
    audit_rows(actor=actor, entries=audits)
    for p, from_state, _to, _reason in audits:
        emit_status_changed(p, from_state=from_state, actor=actor)
    return changed


CHECK_FIELDS = [
    "status",
    "blocked_reason",
    "checked_at",
    "tax_regime",
    "withholding",
    "employer_contributions",
    "net",
    "calculation",
]


def _write_check_results(payouts: list[Payout]) -> None:
    """The new status, reason and tax figures of every payout in one batch (the rows are locked
    by the caller)."""
    fields = [Payout._meta.get_field(name) for name in CHECK_FIELDS]
    rows = [[p.pk, *(getattr(p, f.attname) for f in fields)] for p in payouts]
    update_rows(Payout, CHECK_FIELDS, rows)


@transaction.atomic
def payout_approve(*, payout: Payout, actor, comment: str = "") -> Payout:
    """Finance approves a ready payout through the «payout» approval route (issue 6 §4).

    The checks run again under the row lock; a failure blocks the payout instead. The request is
    made in the name of the contract owner, so whoever ordered the service cannot approve its pay.
    """
    payout = _locked(payout)
    if payout.status != S.READY:
        raise PayoutError(
            _("Payout #%(id)s cannot be approved: it is «%(s)s».")
            % {"id": payout.pk, "s": payout.get_status_display()}
        )
    payouts_run_checks(payout_ids=[payout.pk], actor=actor)
    payout.refresh_from_db()
    if payout.status != S.READY:
        return payout
    try:
        request = approval_current(target=payout, purpose=APPROVAL_PURPOSE)
        if request is None:
            request = approval_request_start(
                target=payout,
                actor=payout.contract.owner,
                amount=payout.gross,
                purpose=APPROVAL_PURPOSE,
            )
        if request.status == request.Status.PENDING:
            approval_decide(request=request, actor=actor, approve=True, comment=comment)
    except ApprovalError as exc:
        raise PayoutError(str(exc)) from exc
    payout.refresh_from_db()
    return payout


def _on_payout_approved(*, target, request, actor, comment):
    payout = _locked(target)
    from_state = payout.status
    refused = transition_refusal(payout, "approve")
    if refused:
        raise PayoutError(_("The payout is no longer ready for approval.") + " " + refused)
    payout.approve()
    payout.approved_at = timezone.now()
    payout.approved_by = actor
    _save(payout, from_state=from_state, fields=["approved_at", "approved_by"], actor=actor)
    audit_transition(actor=actor, obj=payout, from_state=from_state, comment=comment)


def _on_payout_rejected(*, target, request, actor, comment):
    payout = _locked(target)
    from_state = payout.status
    payout.cancel()
    payout.blocked_reason = comment
    _save(payout, from_state=from_state, fields=["blocked_reason"], actor=actor)
    audit_transition(actor=actor, obj=payout, from_state=from_state, comment=comment)


# Contributed to hooks.APPROVAL_HANDLER in PaymentsConfig.ready().
PAYOUT_APPROVAL_HANDLER = ApprovalHandler(
    on_approved=_on_payout_approved, on_rejected=_on_payout_rejected
)


@transaction.atomic
def payout_cancel(*, payout: Payout, actor, comment: str) -> Payout:
    """Cancel a payout that is not paid and not in an exported registry; a reason is required."""
    if not comment.strip():
        raise PayoutError(_("Say why the payout is cancelled."))
    payout = _locked(payout)
    refused = transition_refusal(payout, "cancel")
    if refused:
        raise PayoutError(refused)
    from_state = payout.status
    payout.cancel()
    _save(payout, from_state=from_state, fields=[], actor=actor)
    request = approval_current(target=payout, purpose=APPROVAL_PURPOSE)
    if request is not None:
        approval_cancel(request=request, actor=actor, comment=comment)
    audit_transition(actor=actor, obj=payout, from_state=from_state, comment=comment)
    return payout


@transaction.atomic
def payout_retry(*, payout: Payout, actor, comment: str = "") -> Payout:
    """A failed payment goes back to the checks and the approval (failed -> ready)."""
    payout = _locked(payout)
    if payout.status != S.FAILED:
        raise PayoutError(_("Only a failed payment can be retried."))
    payout.retry()
    payout.registry = None
    _save(payout, from_state=S.FAILED, fields=["registry"], actor=actor)
    audit_transition(actor=actor, obj=payout, from_state=S.FAILED, comment=comment)
    payouts_run_checks(payout_ids=[payout.pk], actor=actor)
    payout.refresh_from_db()
    return payout


@transaction.atomic
def cap_exception_grant(*, payout: Payout, kind: str, reason: str, actor) -> CapException:
    """Finance allows a payout above a cap, with a reason; the checks run again."""
    if not reason.strip():
        raise PayoutError(_("An exception needs a reason."))
    payout = _locked(payout)
    if payout.status not in CHECKABLE:
        raise PayoutError(_("Exceptions are granted before approval only."))
    exception, created = CapException.objects.get_or_create(
        payout=payout, kind=kind, defaults={"reason": reason, "approved_by": actor}
    )
    if not created:
        raise PayoutError(_("This exception has already been granted."))
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=payout,
        changes={"cap_exception": kind},
        comment=reason,
    )
    payouts_run_checks(payout_ids=[payout.pk], actor=actor)
    return exception


def _recheck_expert(expert, actor) -> None:
    ids = Payout.objects.filter(expert=expert, status__in=CHECKABLE).values_list("pk", flat=True)
    payouts_run_checks(payout_ids=list(ids), actor=actor)
