"""Regulator notices: generation from the event, submission, updated versions, the daily job."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from events import deadlines
from events.errors import EventError
from events.models import Event, NoticeRule, RegulatorNotice
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.documents import document_store
from kolplatform.core.models import AuditLog, Document
from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role


def notice_rule_on(day: date) -> NoticeRule | None:
    """The rule in force on `day` (the latest effective_from not after it)."""
    return NoticeRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def notice_dates(event: Event) -> tuple[date, date, str]:
    """(legal deadline, internal target, authority) of the event under the rule in force."""
    event_day = timezone.localtime(event.starts_at).date()
    rule = notice_rule_on(event_day)
    months = rule.months_before if rule else deadlines.DEFAULT_MONTHS
    margin = rule.margin_days if rule else deadlines.DEFAULT_MARGIN_DAYS
    legal = deadlines.legal_deadline(event_day, months=months)
    authority = rule.authority if rule else "Росздравнадзор"
    return legal, deadlines.internal_target(legal, margin_days=margin), authority


def notice_submitted(event: Event) -> RegulatorNotice | None:
    return event.notices.filter(status=RegulatorNotice.Status.SUBMITTED).first()


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice rules read about one event: its dates under the rule in force and the
    submitted notice. Read once, it answers notice_blocking_reason and notice_closing_reason."""

    legal: date
    target: date
    authority: str
    submitted: RegulatorNotice | None


def notice_facts(event: Event, *, notices: list | None = None) -> NoticeFacts:
    """The event's NoticeFacts; `notices` (the event's notices in model order, newest version
    first) spares the query for the submitted one when the caller has read them."""
    legal, target, authority = notice_dates(event)
    if notices is None:
        submitted = notice_submitted(event)
    else:
        submitted = next((n for n in notices if n.status == RegulatorNotice.Status.SUBMITTED), None)
    return NoticeFacts(legal=legal, target=target, authority=authority, submitted=submitted)


def notice_blocking_reason(
    event: Event, *, today: date | None = None, facts: NoticeFacts | None = None
) -> str:
    """Why a late notice blocks approval ("" when it does not or compliance overrode it)."""
    if not event.event_type.requires_regulator_notice or event.notice_override_reason:
        return ""
    today = today or timezone.localdate()
    facts = facts or notice_facts(event)
    submitted = facts.submitted
    if deadlines.notice_is_late(
        today=today, legal=facts.legal, submitted_on=submitted.submitted_on if submitted else None
    ):
        return _(
            "The regulator notice is late (legal deadline %(date)s): approval needs a "
            "compliance override with a reason."
        ) % {"date": facts.legal.strftime("%d.%m.%Y")}
    return ""


def _render(event: Event, notice: RegulatorNotice) -> bytes:
    html = render_to_string(
        "events/notice_document.html",
        {
            "event": event,
            "notice": notice,
            "programme": event.program_items.select_related("speaker"),
        },
    )
    return html.encode()


def _supersede(event: Event, *, actor) -> None:
    """Every current version of the event's notice becomes superseded, each with its record."""
    current = event.notices.select_for_update().exclude(status=RegulatorNotice.Status.SUPERSEDED)
    for notice in current:
        from_state = notice.status
        notice.status = RegulatorNotice.Status.SUPERSEDED
        notice.save(update_fields=["status"])
        audit_transition(actor=actor, obj=notice, from_state=from_state)


@transaction.atomic
def notice_generate(*, event: Event, actor, reason: str = "") -> RegulatorNotice:
    """Generate a new version of the notice from the event; the previous version is superseded."""
    legal, target, authority = notice_dates(event)
    version = event.notices.order_by("-version").values_list("version", flat=True).first() or 0
    _supersede(event, actor=actor)
    notice = RegulatorNotice.objects.create(
        event=event,
        version=version + 1,
        authority=authority,
        legal_deadline=legal,
        target_date=target,
        reason=reason,
    )
    notice.document = document_store(
        data=_render(event, notice),
        name=f"notice-{event.pk}-v{notice.version}.html",
        kind=Document.Kind.NOTICE,
        owner=event,
        uploaded_by=actor,
        title=_("Regulator notice v%(v)s") % {"v": notice.version},
    )
    notice.save(update_fields=["document"])
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=notice, comment=reason)
    return notice


@transaction.atomic
def notice_submit(
    *,
    notice: RegulatorNotice,
    actor,
    submitted_on: date,
    reference: str,
    evidence: File | None = None,
) -> RegulatorNotice:
    """Record the submission (date, reference, evidence file)."""
    if notice.status != RegulatorNotice.Status.DRAFT:
        raise EventError(_("Only the current, unsubmitted notice can be submitted."))
    if not reference.strip():
        raise EventError(_("Give the submission reference."))
    if submitted_on > timezone.localdate():
        raise EventError(_("The submission date cannot be in the future."))
    if evidence is not None:
        notice.evidence = document_store(
            data=evidence.read(),
            name=evidence.name,
            kind=Document.Kind.EVIDENCE,
            owner=notice.event,
            uploaded_by=actor,
        )
    notice.status = RegulatorNotice.Status.SUBMITTED
    notice.submitted_on = submitted_on
    notice.reference = reference.strip()
    notice.submitted_by = actor
    notice.save(update_fields=["status", "submitted_on", "reference", "submitted_by", "evidence"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=notice,
        to_state=RegulatorNotice.Status.SUBMITTED,
    )
    return notice


def notice_refresh_after_change(*, event: Event, actor, reason: str) -> RegulatorNotice | None:
    """A change of date, venue or programme after submission produces an updated notice."""
    if notice_submitted(event) is None:
        return None
    notice = notice_generate(event=event, actor=actor, reason=reason)
    notify(
        recipients=[event.owner, *_compliance_users()],
        title=_("Updated regulator notice to submit: %(event)s") % {"event": event},
        body=reason,
        url=f"/events/{event.pk}/",
        level="action",
    )
    return notice


@transaction.atomic
def notice_override(*, event: Event, actor, reason: str) -> Event:
    """Compliance allows approval despite a late notice, with a reason."""
    if not reason.strip():
        raise EventError(_("An override needs a reason."))
    event.notice_override_reason = reason.strip()
    event.notice_override_by = actor
    event.save(update_fields=["notice_override_reason", "notice_override_by"])
    return _override_audited(event, actor=actor, reason=reason, flag="notice_override")


def notice_closing_reason(event: Event, *, facts: NoticeFacts | None = None) -> str:
    """Why the regulator notice keeps the event open ("" when it does not)."""
    if not event.event_type.requires_regulator_notice or event.notice_close_override_reason:
        return ""
    facts = facts or notice_facts(event)
    if facts.submitted is not None:
        return ""
    return _(
        "The regulator notice is not submitted (legal deadline %(date)s): the event closes once "
        "it is submitted, or with a compliance officer's override and its reason."
    ) % {"date": facts.legal.strftime("%d.%m.%Y")}


OVERRIDE_REASON_MAX = 2000


@transaction.atomic
def notice_close_override(*, event: Event, actor, reason: str) -> Event:
    """A compliance officer lets the event close without a submitted notice, with a written
    reason; the reason is recorded on the event (shown on its page) and in the audit log."""
    if not actor.has_perm("events.manage_notice", event):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise EventError(_("An override needs a reason."))
    if len(reason) > OVERRIDE_REASON_MAX:
        raise EventError(
            _("The reason is too long (at most %(n)s characters).") % {"n": OVERRIDE_REASON_MAX}
        )
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.status != Event.Status.CLOSING:
        raise EventError(_("Closing without a notice can be allowed only while the event closes."))
    if not notice_closing_reason(event):
        raise EventError(_("Nothing to override: the notice does not keep this event open."))
    event.notice_close_override_reason = reason
    event.notice_close_override_by = actor
    event.notice_close_override_at = timezone.now()
    event.save(
        update_fields=[
            "notice_close_override_reason",
            "notice_close_override_by",
            "notice_close_override_at",
        ]
    )
    return _override_audited(event, actor=actor, reason=reason, flag="notice_close_override")


def _override_audited(event: Event, *, actor, reason: str, flag: str) -> Event:
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        comment=reason,
        changes={flag: True},
    )
    return event


def _compliance_users():
    return list(get_user_model().objects.filter(groups__name=Role.COMPLIANCE, is_active=True))


def notices_due_events(today: date):
    """Events needing a notice that is not yet submitted and whose day is still ahead."""
    return (
        Event.objects.filter(event_type__requires_regulator_notice=True, starts_at__date__gte=today)
        .exclude(status__in=[Event.Status.CANCELLED, Event.Status.CLOSED])
        .exclude(notices__status=RegulatorNotice.Status.SUBMITTED)
        .select_related("owner", "event_type")
    )


def notice_reminders_run(*, today: date | None = None) -> int:
    """The daily job: remind at the offsets before the target, escalate at the target and at the
    legal deadline. Idempotent: each (event, kind, day) is notified once (dedup_key)."""
    today = today or timezone.localdate()
    compliance = _compliance_users()
    sent = 0
    for event in notices_due_events(today):
        legal, target, _authority = notice_dates(event)
        rule = notice_rule_on(timezone.localtime(event.starts_at).date())
        offsets = rule.reminder_offsets if rule else deadlines.DEFAULT_OFFSETS
        kind = deadlines.reminder_kind(today=today, target=target, legal=legal, offsets=offsets)
        if not kind:
            continue
        recipients = [event.owner, *compliance]
        if kind.startswith("escalate") and rule and rule.escalation_user:
            recipients.append(rule.escalation_user)
        title = (
            _("Regulator notice due %(date)s: %(event)s")
            if kind.startswith("remind")
            else _("Regulator notice overdue (deadline %(date)s): %(event)s")
        )
        sent += len(
            notify(
                recipients=recipients,
                title=title
                % {
                    "date": (target if kind != "escalate-legal" else legal).strftime("%d.%m.%Y"),
                    "event": event,
                },
                body=_("Legal deadline %(legal)s, internal target %(target)s.")
                % {"legal": legal.strftime("%d.%m.%Y"), "target": target.strftime("%d.%m.%Y")},
                url=f"/events/{event.pk}/",
                level="warning" if kind.startswith("escalate") else "action",
                dedup_key=f"event-notice:{event.pk}:{kind}:{today.isoformat()}",
            )
        )
    return sent


# --- Escalation of an overdue notice ----------------------------------------------------------


def notices_overdue_events():
    """Events whose type requires a notice, with no submitted version, neither cancelled nor
    closed (a closed one was let go by a compliance override)."""
    return (
        Event.objects.filter(event_type__requires_regulator_notice=True)
        .exclude(status__in=[Event.Status.CANCELLED, Event.Status.CLOSED])
        .exclude(notices__status=RegulatorNotice.Status.SUBMITTED)
        .select_related("owner", "event_type")
        .prefetch_related("products")
    )


def event_managers(event: Event) -> list:
    """The owner's managers for an escalation: users have no line manager, so these are the
    active marketing managers whose regions or products cover the event (events.rules)."""
    covers = Q(products__in=[p.pk for p in event.products.all()])
    if event.region_id:
        covers |= Q(regions=event.region_id)
    return list(
        get_user_model()
        .objects.filter(covers, groups__name=Role.MARKETING_MANAGER, is_active=True)
        .exclude(pk=event.owner_id)
        .distinct()
    )


def _escalation_recipients(*, event: Event, level: int, rule, compliance: list) -> list:
    recipients = [event.owner]
    if level >= deadlines.ESCALATION_MANAGER:
        managers = event_managers(event)
        # nobody above the owner covers the event: compliance hears at the manager's level
        recipients += managers or compliance
    if level >= deadlines.ESCALATION_COMPLIANCE:
        recipients += compliance
        if rule and rule.escalation_user:
            recipients.append(rule.escalation_user)
    return recipients


def notice_escalations_run(*, today: date | None = None) -> int:
    """The daily job, on working days only: every unsubmitted notice past its legal deadline is
    escalated (owner, then the manager, then compliance; events/deadlines.escalation_level).
    Idempotent: each recipient hears of an event once a day (dedup_key)."""
    today = today or timezone.localdate()
    if not deadlines.is_working_day(today):
        return 0
    compliance = _compliance_users()
    sent = 0
    for event in notices_overdue_events():
        legal, _target, _authority = notice_dates(event)
        rule = notice_rule_on(timezone.localtime(event.starts_at).date())
        level = deadlines.escalation_level(
            legal=legal,
            today=today,
            submitted_on=None,
            manager_after=rule.escalate_manager_after if rule else deadlines.DEFAULT_MANAGER_AFTER,
            compliance_after=(
                rule.escalate_compliance_after if rule else deadlines.DEFAULT_COMPLIANCE_AFTER
            ),
        )
        if level == deadlines.ESCALATION_NONE:
            continue
        overdue = deadlines.working_days_overdue(legal=legal, today=today)
        sent += len(
            notify(
                recipients=_escalation_recipients(
                    event=event, level=level, rule=rule, compliance=compliance
                ),
                title=_("Regulator notice overdue (working days: %(days)s): %(event)s")
                % {"days": overdue, "event": event},
                body=_("Legal deadline %(legal)s. Submit the notice and record the submission.")
                % {"legal": legal.strftime("%d.%m.%Y")},
                url=f"/events/{event.pk}/",
                level="warning",
                dedup_key=f"event-notice:{event.pk}:overdue:{today.isoformat()}",
            )
        )
    return sent
