"""The KOL cabinet: invitation (one-time expiring link), registration, identity confirmation by a
staff member, acceptance of the e-signature agreement and the personal-data consent."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.errors import ContractError
from contracts.experts_api import consent_choose
from contracts.generation import template_current, template_mark_used
from contracts.models import CabinetAccess, CabinetInvitation, DocumentKind
from kolplatform.core.audit import audit_log
from kolplatform.core.emails import send_templated_email
from kolplatform.core.models import AuditLog
from kolplatform.core.roles import Role

INVITATION_LIFETIME = datetime.timedelta(days=7)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cabinet_access_for(expert) -> CabinetAccess:
    """The expert's cabinet access (made on first use), read once per expert object: it is kept in
    the expert's `cabinet_access` cache, so a view and the service it calls with the same
    `request.user.expert` share one read."""
    access = type(expert).cabinet_access.related.get_cached_value(expert, default=None)
    if access is None:  # not read yet, or a select_related found none: make it
        access, _ = CabinetAccess.objects.get_or_create(expert=expert)
        _remember_access(expert, access)
    return access


def _remember_access(expert, access: CabinetAccess) -> None:
    type(expert).cabinet_access.related.set_cached_value(expert, access)
    CabinetAccess.expert.field.set_cached_value(access, expert)


def _locked_access(expert) -> CabinetAccess:
    """The access row locked for this transaction (fresh from the database), kept as the
    expert's cached access so later reads in the request see what was written."""
    access = CabinetAccess.objects.select_for_update(of=("self",)).get(
        pk=cabinet_access_for(expert).pk
    )
    _remember_access(expert, access)
    return access


@transaction.atomic
def cabinet_invite(*, expert, actor) -> CabinetInvitation:
    """E-mail the expert a one-time link valid for 7 days; earlier open invitations are revoked."""
    if not expert.email:
        raise ContractError(_("The expert has no e-mail address: add it first."))
    if expert.user_id:
        raise ContractError(_("The expert already has a cabinet account."))
    now = timezone.now()
    CabinetInvitation.objects.filter(
        expert=expert, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = CabinetInvitation.objects.create(
        expert=expert,
        email=expert.email,
        token_hash=_token_hash(token),
        created_by=actor,
        expires_at=now + INVITATION_LIFETIME,
    )
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=invitation)
    link = settings.SITE_URL.rstrip("/") + reverse("contracts:invitation", args=[token])
    context = {
        "expert_name": expert.full_name,
        "link": link,
        "expires_at": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y %H:%M"),
        "organisation": settings.ORGANISATION["name"],
    }
    transaction.on_commit(
        lambda: send_templated_email(
            to=[invitation.email], template="contracts_invitation", context=context
        )
    )
    return invitation


def cabinet_invite_if_needed(*, expert, actor) -> CabinetInvitation | None:
    """Invite when the expert has no account and no open invitation."""
    open_invitation = CabinetInvitation.objects.filter(
        expert=expert,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()
    if expert.user_id or open_invitation or not expert.email:
        return None
    return cabinet_invite(expert=expert, actor=actor)


def invitation_for_token(token: str) -> CabinetInvitation:
    """The open invitation of `token`, or ContractError saying why the link no longer works."""
    invitation = (
        CabinetInvitation.objects.select_related("expert")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at:
        raise ContractError(_("This invitation link is not valid. Ask for a new one."))
    if invitation.accepted_at:
        raise ContractError(_("This invitation has already been used: sign in instead."))
    if invitation.expires_at <= timezone.now():
        raise ContractError(_("This invitation has expired. Ask for a new one."))
    return invitation


@transaction.atomic
def cabinet_register(*, token: str, password: str):
    """Create the KOL account from an invitation; the e-mail the link came to is confirmed."""
    invitation = invitation_for_token(token)
    invitation = CabinetInvitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    expert = invitation.expert
    if expert.user_id:
        raise ContractError(_("The expert already has a cabinet account."))
    User = get_user_model()
    username = invitation.email.lower()
    if User.objects.filter(username=username).exists():
        raise ContractError(_("An account with this e-mail already exists: sign in instead."))
    user = User(
        username=username,
        email=invitation.email,
        first_name=expert.first_name,
        last_name=expert.last_name,
        middle_name=expert.middle_name,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=Role.KOL))
    expert.user = user
    expert.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    access = cabinet_access_for(expert)
    access.confirmed_email = invitation.email
    access.save(update_fields=["confirmed_email"])
    audit_log(actor=user, action=AuditLog.Action.CREATE, obj=user, comment="cabinet registration")
    return user


@transaction.atomic
def cabinet_confirm_identity(*, expert, actor, note: str) -> CabinetAccess:
    """A staff member confirms the expert's identity against the document data (recorded)."""
    if not note.strip():
        raise ContractError(_("Name the identity document you checked."))
    access = _locked_access(expert)
    access.identity_confirmed_by = actor
    access.identity_confirmed_at = timezone.now()
    access.identity_note = note.strip()
    access.save(update_fields=["identity_confirmed_by", "identity_confirmed_at", "identity_note"])
    audit_log(
        actor=actor, action=AuditLog.Action.UPDATE, obj=access, changes={"identity": note.strip()}
    )
    return access


@transaction.atomic
def cabinet_accept_agreements(
    *,
    user,
    ip_address: str | None,
    choices: dict | None = None,
    shown_consent_id: int | None = None,
) -> CabinetAccess:
    """The KOL accepts the current e-signature agreement and personal-data consent versions.

    The consent's choices (named disclosure, e-mails) are the KOL's: accepting keeps the consent
    in force as it is and changes a choice only when the KOL picked another value (`choices`,
    None for a choice not made) on the page showing consent `shown_consent_id`. Without a consent
    in force, accepting gives one with the choices made."""
    expert = user.expert
    access = _locked_access(expert)
    now = timezone.now()
    esign = template_current(kind=DocumentKind.ESIGN_AGREEMENT)
    consent = template_current(kind=DocumentKind.CONSENT)
    access.esign_template, access.esign_accepted_at = esign, now
    access.consent_template, access.consent_accepted_at = consent, now
    access.accepted_ip = ip_address
    access.save()
    template_mark_used(esign)
    template_mark_used(consent)
    consent_choose(
        expert=expert,
        actor=user,
        chosen=choices or {},
        shown_consent_id=shown_consent_id,
        text_version=f"v{consent.version}",
        give_if_missing=True,
        ip_address=ip_address,
    )
    audit_log(
        actor=user,
        action=AuditLog.Action.UPDATE,
        obj=access,
        changes={"esign_version": esign.version, "consent_version": consent.version},
        ip_address=ip_address,
    )
    return access


def cabinet_consent_choose(*, user, choices: dict, shown_consent_id: int | None, ip_address):
    """The KOL changes a choice of the consent in force after accepting the agreements; returns
    the new consent or None when nothing changed."""
    access = cabinet_access_for(user.expert)
    version = access.consent_template.version if access.consent_template_id else None
    return consent_choose(
        expert=user.expert,
        actor=user,
        chosen=choices,
        shown_consent_id=shown_consent_id,
        text_version=f"v{version}" if version else "",
        ip_address=ip_address,
    )
