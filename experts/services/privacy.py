"""152-FZ rights of the data subject: a copy of their data, and erasure on request.

Erasure anonymises what the law does not oblige us to keep: name parts, contacts, external ids,
professional activity, competencies, bank details and identity document. Consents, contracts, acts
and payouts stay (accounting and tax law require them), linked to the anonymised record. The
reason is written to the audit log.
"""

import io
import json
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.bank import bank_details_snapshot
from experts.errors import ExpertsError
from experts.models import CAREER_AND_CONTACT_FIELDS, Expert, ExpertBankDetails
from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog

PROFILE_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    *CAREER_AND_CONTACT_FIELDS,
    "city",
    "crm_id",
    "provider_id",
    "tier",
    "tax_status",
    "is_active",
)


def expert_personal_data(*, expert: Expert) -> dict:
    """Everything we hold about the expert, as plain JSON."""
    return {
        "profile": {f: getattr(expert, f) for f in PROFILE_FIELDS}
        | {
            "institution": str(expert.institution or ""),
            "region": str(expert.region or ""),
            "specialties": [str(s) for s in expert.specialties.all()],
            "therapeutic_areas": [str(a) for a in expert.therapeutic_areas.all()],
        },
        "consents": [
            {
                "scope": c.scope,
                "text_version": c.text_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                "allows_named_disclosure": c.allows_named_disclosure,
                "allows_email": c.allows_email,
            }
            for c in expert.consents.all()
        ],
        "activities": [
            {"kind": a.kind, "title": a.title, "venue": a.venue, "year": a.year, "link": a.link}
            for a in expert.activities.all()
        ],
        "competencies": [str(c) for c in expert.competencies.all()],
        "tier_history": [
            {"from": t.from_tier, "to": t.to_tier, "at": t.changed_at.isoformat()}
            for t in expert.tier_changes.all()
        ],
        "bank_details": bank_details_snapshot(expert=expert),
    }


def expert_export_data(*, expert: Expert, actor) -> bytes:
    """ZIP with data.json and the signed consent documents; the export is audit-logged."""
    data = expert_personal_data(expert=expert)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for consent in expert.consents.select_related("document"):
            doc = consent.document
            if doc and doc.file:
                with doc.file.open("rb") as fh:
                    archive.writestr(
                        f"consents/{doc.pk}-{doc.original_name or 'consent'}", fh.read()
                    )
    audit_log(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=expert,
        comment="personal data exported (data subject request)",
    )
    return buffer.getvalue()


@transaction.atomic
def expert_erase(*, expert: Expert, actor, reason: str) -> Expert:
    """Anonymise the expert on a data-subject request; the reason is mandatory and logged."""
    if not reason.strip():
        raise ExpertsError(_("State the reason for erasure (e.g. the request reference)."))
    expert = Expert.objects.select_for_update(of=("self",)).get(pk=expert.pk)
    if expert.erased_at:
        raise ExpertsError(_("This expert's data have already been erased."))
    expert.last_name = _("Erased")
    expert.first_name = f"#{expert.pk}"
    expert.middle_name = ""
    for field in ("position", "academic_degree", "academic_title", "email", "phone"):
        setattr(expert, field, "")
    expert.experience_years = None
    expert.crm_id = expert.provider_id = None
    expert.is_active = False
    expert.erased_at = timezone.now()
    expert.save()
    expert.activities.all().delete()
    expert.competencies.all().delete()
    ExpertBankDetails.objects.filter(expert=expert).delete()
    expert.specialties.clear()
    expert.therapeutic_areas.clear()
    if expert.user_id:
        user = expert.user
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=expert,
        changes={"erased": True},
        comment=_("Personal data erased on request: %(reason)s") % {"reason": reason},
    )
    return expert
