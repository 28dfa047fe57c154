"""Master-data change requests: proposed by field staff or a KOL, decided by a data steward.

The payload holds plain JSON values: model references as primary keys, dates as ISO strings.
Approving applies the change in the same transaction and logs it; a steward never decides a
request they proposed themselves.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.errors import DataRequestError
from experts.models import Expert, Institution, MasterDataRequest
from experts.services.experts import bank_details_save, expert_create, expert_update
from experts.services.institutions import institution_create
from experts.services.merge import expert_merge
from kolplatform.core.audit import audit_log, audit_transition
from kolplatform.core.models import AuditLog, Notification
from kolplatform.core.notifications import notify
from kolplatform.core.roles import Role

Kind = MasterDataRequest.Kind


def payload_from_cleaned(data: dict) -> dict:
    """Form cleaned_data -> JSON: model instances as pk, querysets as pk lists, dates ISO."""
    out = {}
    for key, value in data.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "values_list"):
            value = sorted(value.values_list("pk", flat=True))
        elif isinstance(value, list | tuple) and value and hasattr(value[0], "pk"):
            value = sorted(v.pk for v in value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str | list | dict):
            value = str(value)
        out[key] = value
    return out


def _resolve(model, payload: dict) -> dict:
    """JSON payload -> model values (pks back to instances, ISO dates back to dates)."""
    values = {}
    for key, value in payload.items():
        field = model._meta.get_field(key)
        if field.many_to_many:
            values[key] = list(field.related_model.objects.filter(pk__in=value or []))
        elif field.is_relation:
            values[key] = field.related_model.objects.get(pk=value) if value else None
        elif field.get_internal_type() == "DateField" and value:
            values[key] = datetime.date.fromisoformat(value)
        else:
            values[key] = value
    return values


@transaction.atomic
def data_request_create(
    *, kind: str, actor, payload: dict, expert=None, other_expert=None, institution=None, reason=""
) -> MasterDataRequest:
    if kind in (Kind.CHANGE_EXPERT, Kind.BANK_DETAILS, Kind.MERGE) and expert is None:
        raise DataRequestError(_("Choose the expert the request is about."))
    if kind == Kind.MERGE and (other_expert is None or other_expert.pk == expert.pk):
        raise DataRequestError(_("Choose two different records to merge."))
    if kind == Kind.CHANGE_INSTITUTION and institution is None:
        raise DataRequestError(_("Choose the institution the request is about."))
    if kind != Kind.MERGE and not payload:
        raise DataRequestError(_("The request proposes no change."))
    request = MasterDataRequest.objects.create(
        kind=kind,
        expert=expert,
        other_expert=other_expert,
        institution=institution,
        payload=payload,
        reason=reason,
        created_by=actor,
    )
    fields = sorted(payload) if kind != Kind.BANK_DETAILS else ["bank details"]
    audit_log(actor=actor, action=AuditLog.Action.CREATE, obj=request, changes={"fields": fields})
    stewards = (
        get_user_model()
        .objects.filter(groups__name__in=[Role.MARKETING_MANAGER, Role.ADMIN], is_active=True)
        .exclude(pk=actor.pk)
    )
    notify(
        recipients=stewards,
        title=_("Master-data request: %(request)s") % {"request": request},
        url=reverse("experts:request", args=[request.pk]),
        level=Notification.Level.ACTION,
    )
    return request


def _apply(request: MasterDataRequest, actor) -> None:
    payload = dict(request.payload)
    if request.kind == Kind.NEW_EXPERT:
        values = _resolve(Expert, payload)
        expert = expert_create(actor=actor, **values)
        request.expert = expert
    elif request.kind == Kind.CHANGE_EXPERT:
        expert_update(
            expert=request.expert,
            actor=actor,
            comment=_("Master-data request #%(pk)s") % {"pk": request.pk},
            **_resolve(Expert, payload),
        )
    elif request.kind == Kind.NEW_INSTITUTION:
        request.institution = institution_create(
            actor=actor, changes=payload, **_resolve(Institution, payload)
        )
    elif request.kind == Kind.CHANGE_INSTITUTION:
        institution = request.institution
        for key, value in _resolve(Institution, payload).items():
            setattr(institution, key, value)
        institution.save()
        audit_log(actor=actor, action=AuditLog.Action.UPDATE, obj=institution, changes=payload)
    elif request.kind == Kind.BANK_DETAILS:
        if payload.get("passport_issued_on"):
            payload["passport_issued_on"] = datetime.date.fromisoformat(
                payload["passport_issued_on"]
            )
        bank_details_save(expert=request.expert, actor=actor, data=payload, verified=True)
    elif request.kind == Kind.MERGE:
        expert_merge(
            survivor=request.expert,
            duplicate=request.other_expert,
            actor=actor,
            comment=_("Master-data request #%(pk)s") % {"pk": request.pk},
        )


def _decide(request: MasterDataRequest, actor) -> MasterDataRequest:
    request = MasterDataRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.created_by_id == actor.pk:
        raise DataRequestError(_("You cannot decide a request you proposed yourself."))
    if request.status != MasterDataRequest.Status.PENDING:
        raise DataRequestError(_("This request has already been decided."))
    return request


@transaction.atomic
def data_request_approve(*, request: MasterDataRequest, actor, comment: str = ""):
    request = _decide(request, actor)
    _apply(request, actor)
    request.approve()
    request.decided_by, request.decided_at, request.decision_comment = (
        actor,
        timezone.now(),
        comment,
    )
    request.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_comment",
            "expert",
            "institution",
        ]
    )
    audit_transition(
        actor=actor, obj=request, from_state=MasterDataRequest.Status.PENDING, comment=comment
    )
    notify(
        recipients=[request.created_by],
        title=_("Your request was approved: %(request)s") % {"request": request},
        url=reverse("experts:request", args=[request.pk]),
    )
    return request


@transaction.atomic
def data_request_reject(*, request: MasterDataRequest, actor, comment: str):
    if not comment.strip():
        raise DataRequestError(_("Say why the request is rejected."))
    request = _decide(request, actor)
    request.reject()
    request.decided_by, request.decided_at, request.decision_comment = (
        actor,
        timezone.now(),
        comment,
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    audit_transition(
        actor=actor, obj=request, from_state=MasterDataRequest.Status.PENDING, comment=comment
    )
    notify(
        recipients=[request.created_by],
        title=_("Your request was rejected: %(request)s") % {"request": request},
        body=comment,
        url=reverse("experts:request", args=[request.pk]),
    )
    return request
