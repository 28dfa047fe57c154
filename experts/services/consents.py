"""The data subject's own consent choices (named disclosure, e-mails), made in the cabinet.

A choice changes only when the expert picks another value on a page that showed the current one;
the change is a new consent row (channel: cabinet, recorded by the expert), logged, and the staff
who look after the expert are told."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.consent import (
    CHOICE_FIELDS,
    consent_choice_changes,
    consent_choices_of,
    consent_current,
)
from experts.errors import ConsentError
from experts.models import Consent, Expert
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog, Notification
from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role


@transaction.atomic
def consent_choose(
    *,
    expert: Expert,
    actor,
    chosen: dict,
    shown_consent_id: int | None,
    text_version: str,
    give_if_missing: bool = False,
    ip_address: str | None = None,
) -> Consent | None:
    """Store the expert's explicit choices; return the new consent, or None if nothing changed.

    `chosen` maps CHOICE_FIELDS to True/False, or None for a choice not made (it keeps its
    value). `shown_consent_id` is the consent whose values the page showed: a change made on a
    page showing anything but the current consent is refused. Without a consent in force,
    `give_if_missing` gives one (accepting the consent text in the cabinet); otherwise it is an
    error, since changing a choice must not give a withdrawn consent again."""
    expert = Expert.objects.select_for_update(of=("self",)).get(pk=expert.pk)
    if expert.erased_at:
        raise ConsentError(_("The expert's data were erased; record a new expert instead."))
    current = consent_current(expert=expert)
    if current is None:
        if not give_if_missing:
            raise ConsentError(_("No personal-data consent is in force: accept the agreements."))
        return _consent_give(expert=expert, actor=actor, chosen=chosen, text_version=text_version)
    changes = consent_choice_changes(current=consent_choices_of(current), chosen=chosen)
    if not changes:
        return None
    if shown_consent_id != current.pk:
        raise ConsentError(
            _("Your consent was changed meanwhile. Check the current choices and choose again.")
        )
    values = consent_choices_of(current)
    values.update({name: new for name, (_old, new) in changes.items()})
    consent = Consent.objects.create(
        expert=expert,
        text_version=text_version or current.text_version,
        scope=current.scope,
        given_at=timezone.now(),
        channel=Consent.Channel.CABINET,
        recorded_by=actor,
        **values,
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=expert,
        changes={"consent": consent.pk, "replaces": current.pk, "channel": "cabinet", **changes},
        comment="consent choices changed by the expert in the cabinet",
        ip_address=ip_address,
    )
    _notify_staff(expert=expert, actor=actor, previous=current, changes=changes)
    return consent


def _consent_give(*, expert: Expert, actor, chosen: dict, text_version: str) -> Consent:
    values = consent_choices_of(None)
    values.update({k: v for k, v in chosen.items() if k in CHOICE_FIELDS and v is not None})
    consent = Consent.objects.create(
        expert=expert,
        text_version=text_version,
        given_at=timezone.now(),
        channel=Consent.Channel.CABINET,
        recorded_by=actor,
        **values,
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=expert,
        changes={"consent": consent.pk, "version": text_version, "channel": "cabinet", **values},
        comment="personal-data consent given in the cabinet",
    )
    return consent


def consent_change_text(changes: dict) -> str:
    """'named disclosure allowed: yes → no; ...' in the current language."""
    yes_no = {True: _("yes"), False: _("no")}
    return "; ".join(
        f"{Consent._meta.get_field(name).verbose_name}: {yes_no[old]} → {yes_no[new]}"
        for name, (old, new) in changes.items()
    )


def _notify_staff(*, expert: Expert, actor, previous: Consent, changes: dict) -> None:
    """The responsible staff member and whoever recorded the replaced consent; compliance when
    neither is there."""
    recipients = [
        user
        for user in (expert.responsible, previous.recorded_by)
        if user is not None and user.is_active and user.is_staff_member and user.pk != actor.pk
    ]
    if not recipients:
        recipients = list(
            get_user_model().objects.filter(groups__name=Role.COMPLIANCE, is_active=True)
        )
    notify(
        recipients=recipients,
        title=_("%(expert)s changed their consent in the cabinet") % {"expert": expert},
        body=consent_change_text(changes),
        url=reverse("experts:detail", args=[expert.pk]) + "#consent",
        level=Notification.Level.WARNING,
    )
