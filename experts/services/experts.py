"""Creating and changing experts, consents and bank details."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.bank import SNAPSHOT_FIELDS
from experts.errors import ConsentError
from experts.models import CAREER_AND_CONTACT_FIELDS, Consent, Expert, ExpertBankDetails
from kolplatform.core import hooks
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog, Document

EXPERT_DATA_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "institution",
    *CAREER_AND_CONTACT_FIELDS,
    "region",
    "city",
    "crm_id",
    "provider_id",
    "responsible",
    "tax_status",
    "is_active",
)


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def expert_defaults(data: dict, actor) -> dict:
    """A new expert's values: the institution's region and city fill blanks, a staff actor is
    the responsible unless one is named."""
    institution = data.get("institution")
    if institution is not None:
        if not data.get("region"):
            data["region"] = institution.region
        if not data.get("city"):
            data["city"] = institution.city
    if not data.get("responsible") and getattr(actor, "is_staff_member", False):
        data["responsible"] = actor
    return data


@transaction.atomic
def expert_create(*, actor, specialties=(), therapeutic_areas=(), **data) -> Expert:
    """Create an expert (the institution's region/city fill blanks) and log it."""
    data = expert_defaults(data, actor)
    expert = Expert.objects.create(**data)
    if specialties:  # a new expert has none: no query to find which to remove
        expert.specialties.set(specialties)
    if therapeutic_areas:
        expert.therapeutic_areas.set(therapeutic_areas)
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=expert,
        changes={k: _plain(v) for k, v in data.items()},
    )
    hooks.emit("expert.created", expert_id=expert.pk, actor_id=getattr(actor, "pk", None))
    return expert


@transaction.atomic
def expert_update(*, expert: Expert, actor, comment: str = "", **data) -> dict:
    """Apply field changes (and m2m 'specialties'/'therapeutic_areas'); return what changed."""
    m2m = {k: data.pop(k) for k in ("specialties", "therapeutic_areas") if k in data}
    changes = {}
    for field, value in data.items():
        old = getattr(expert, field)
        if _plain(old) != _plain(value):
            changes[field] = [_plain(old), _plain(value)]
            setattr(expert, field, value)
    if changes:
        expert.save(update_fields=[*changes, "updated_at"])
    for name, values in m2m.items():
        manager = getattr(expert, name)
        old = sorted(manager.values_list("pk", flat=True))
        new = sorted(v.pk for v in values)
        if old != new:
            manager.set(values)
            changes[name] = [old, new]
    if changes:
        audit_log(
            actor=actor, action=AuditLog.Action.UPDATE, obj=expert, changes=changes, comment=comment
        )
        hooks.emit(
            "expert.updated",
            expert_id=expert.pk,
            actor_id=getattr(actor, "pk", None),
            fields=sorted(changes),
        )
    return changes


@transaction.atomic
def consent_record(
    *,
    expert: Expert,
    actor,
    text_version: str,
    given_at=None,
    scope: str = "contracting",
    document=None,
    allows_named_disclosure: bool = False,
    allows_email: bool = True,
    channel: str | None = None,
) -> Consent:
    """Record a consent given by the expert (the signed document, if any, attached). Staff
    record it from a paper scan when the signed document is attached, else as a staff entry."""
    if expert.erased_at:
        raise ConsentError(_("The expert's data were erased; record a new expert instead."))
    if channel is None:
        channel = Consent.Channel.PAPER if document is not None else Consent.Channel.STAFF
    consent = Consent.objects.create(
        channel=channel,
        expert=expert,
        text_version=text_version,
        given_at=given_at or timezone.now(),
        scope=scope,
        document=document,
        allows_named_disclosure=allows_named_disclosure,
        allows_email=allows_email,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=expert,
        changes={
            "consent": consent.pk,
            "version": text_version,
            "scope": scope,
            "channel": channel,
            "allows_named_disclosure": allows_named_disclosure,
            "allows_email": allows_email,
        },
        comment="personal-data consent recorded",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor, reason: str = "") -> Consent:
    """Withdraw a consent now: the expert is blocked from new work from this moment (152-FZ).

    A change of choices adds a row and keeps the earlier ones (the history), so the consent in
    force may have earlier open rows of the same scope: the withdrawal ends all of them, or an
    earlier row would keep the expert valid."""
    consent = Consent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
    if consent.withdrawn_at:
        raise ConsentError(_("This consent has already been withdrawn."))
    own = consent.expert.user_id is not None and consent.expert.user_id == getattr(actor, "pk", 0)
    now = timezone.now()
    open_rows = list(
        Consent.objects.select_for_update(of=("self",))
        .filter(expert_id=consent.expert_id, scope=consent.scope, withdrawn_at__isnull=True)
        .order_by("pk")
    )
    for row in open_rows:
        row.withdrawn_at = now
        row.withdrawal_reason = reason
        row.withdrawn_by = actor if getattr(actor, "pk", None) else None
        row.withdrawal_channel = Consent.Channel.CABINET if own else Consent.Channel.STAFF
        row.save(
            update_fields=[
                "withdrawn_at",
                "withdrawal_reason",
                "withdrawn_by",
                "withdrawal_channel",
            ]
        )
    consent = next(row for row in open_rows if row.pk == consent.pk)
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=consent.expert,
        changes={
            "consent": [row.pk for row in open_rows],
            "withdrawn_at": now.isoformat(),
            "channel": consent.withdrawal_channel,
        },
        comment=reason or "personal-data consent withdrawn",
    )
    return consent


BANK_FIELDS = SNAPSHOT_FIELDS


@transaction.atomic
def bank_details_save(*, expert: Expert, actor, data: dict, verified: bool = False):
    """Store bank details (encrypted); the audit record names the fields, never the values.
    A change (or a change of the verification) emits expert.updated with fields ["bank_details"]."""
    details, _created = ExpertBankDetails.objects.get_or_create(expert=expert)
    was_verified = details.verified_at is not None
    changed = []
    for field in BANK_FIELDS:
        if field in data and getattr(details, field) != data[field]:
            setattr(details, field, data[field] or None)
            changed.append(field)
    if verified:
        details.verified_at = timezone.now()
        details.verified_by = actor
    elif changed:
        details.verified_at = None
        details.verified_by = None
    details.save()
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=expert,
        changes={"bank_details_fields": changed, "verified": verified},
        comment="bank details changed",
    )
    if changed or verified != was_verified:
        # Master data other systems hold (the distribute step of a change request); the
        # payload names the part that changed, never the values.
        hooks.emit(
            "expert.updated",
            expert_id=expert.pk,
            actor_id=getattr(actor, "pk", None),
            fields=["bank_details"],
        )
    return details


def consent_document_store(*, expert: Expert, upload, actor) -> Document:
    """Keep the signed consent file with its SHA-256, owned by the expert."""
    data = upload.read()
    document = Document(
        kind=Document.Kind.CONSENT,
        title=f"Consent {expert}"[:300],
        original_name=upload.name[:255],
        content_type_header=getattr(upload, "content_type", "")[:100],
        size=len(data),
        sha256=Document.hash_bytes(data),
        uploaded_by=actor,
        owner_type=ContentType.objects.get_for_model(Expert),
        owner_id=str(expert.pk),
    )
    document.file.save(upload.name, ContentFile(data), save=False)
    document.save()
    return document
