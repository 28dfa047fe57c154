"""The expert base's decisions in the approvals inbox (hooks.PENDING_DECISIONS): submitted
assessments for those who decide gradings, pending master-data requests for data stewards —
never the decider's own (docs/decisions/experts.md "Who decides gradings")."""

from django.urls import reverse
from django.utils.translation import gettext as _

from experts.models import Assessment, MasterDataRequest
from experts.rules import is_data_steward, is_grading_decider
from kolplatform.core.inbox import LIMIT, DecisionGroup, PendingDecision


def _group(key, label, pending, item, list_url="") -> DecisionGroup:
    """The first LIMIT of `pending` (oldest first) as items, and how many there are."""
    items = [item(obj) for obj in pending[:LIMIT]]
    total = len(items) if len(items) < LIMIT else pending.count()
    return DecisionGroup(key, label, items, total, list_url)


def _by(obj) -> str:
    return obj.created_by.get_full_name() if obj.created_by_id else ""


def assessments_to_decide(*, user) -> DecisionGroup | None:
    if not is_grading_decider.test(user, None):
        return None
    pending = (
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .exclude(created_by=user)
        .select_related("expert", "created_by")
        .order_by("submitted_at", "pk")
    )
    return _group(
        "assessments",
        _("Expert assessments"),
        pending,
        lambda a: PendingDecision(
            _("Assessment of %(expert)s") % {"expert": a.expert},
            reverse("experts:assessment", args=[a.pk]),
            a.submitted_at,
            _by(a),
        ),
    )


def data_requests_to_decide(*, user) -> DecisionGroup | None:
    if not is_data_steward.test(user, None):
        return None
    pending = (
        MasterDataRequest.objects.filter(status=MasterDataRequest.Status.PENDING)
        .exclude(created_by=user)
        .select_related("expert", "institution", "created_by")
        .order_by("created_at", "pk")
    )
    return _group(
        "data_requests",
        _("Master-data requests"),
        pending,
        lambda r: PendingDecision(
            f"{r.get_kind_display()}: {r.expert or r.institution or r.payload.get('name', '')}",
            reverse("experts:request", args=[r.pk]),
            r.created_at,
            _by(r),
        ),
        reverse("experts:requests"),
    )
