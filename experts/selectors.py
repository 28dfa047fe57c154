"""Reads of the expert base for views, API and other modules."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from experts.consent import (
    consent_choice_changes,
    consent_choices_of,
    consent_in_force,
    valid_consent_exists,
    valid_consent_q,
)
from experts.filters import ExpertFilter
from experts.models import (
    Assessment,
    Consent,
    Expert,
    ImportJob,
    MasterDataRequest,
    RateCard,
    TierChange,
)
from experts.rates import rate_cards_for
from kolplatform.core.roles import Role


def expert_base_queryset():
    return Expert.objects.select_related("institution", "region", "responsible").annotate(
        has_valid_consent=valid_consent_exists()
    )


def expert_list(*, user, filters) -> ExpertFilter:
    """The filtered list the user may see: staff see all experts, a KOL only their own.

    Returns the bound filterset (its `.qs` is the queryset, its `.form` the filter form). The
    consent badge is not annotated here: as a subquery of the page query PostgreSQL hashes every
    consent of the base for it; `expert_list_page` reads the rows of one page."""
    qs = Expert.objects.filter(merged_into__isnull=True)
    if not user.is_staff_member:
        qs = qs.filter(user=user) if user.is_kol else qs.none()
    data = filters.copy() if hasattr(filters, "copy") else dict(filters)
    if not data.get("sort"):
        data["sort"] = "name"
    f = ExpertFilter(data=data, queryset=qs)
    if not f.is_valid():
        # Invalid filter values (e.g. a stale id in a saved URL) give an empty result, not an error.
        f.qs_override = qs.none()
    return f


def expert_list_rows(filterset: ExpertFilter):
    override = getattr(filterset, "qs_override", None)
    return override if override is not None else filterset.qs


def expert_export_rows(filterset: ExpertFilter):
    """Every row of the filtered list with its consent flag and specialties (for the export)."""
    return (
        expert_list_rows(filterset)
        .select_related("institution", "region", "responsible")
        .annotate(has_valid_consent=valid_consent_exists())
        .prefetch_related("specialties")
    )


def expert_list_page(page_rows) -> list[Expert]:
    """The experts of one list page (a sliced queryset) with institution, region, responsible
    and `has_valid_consent`, in the page's order.

    Three queries whatever the filters: the page's ids (the sort runs over the bare rows; joined
    first, a name search would join every match before sorting), the rows by id with their
    relations, and their consents."""
    ids = list(page_rows.values_list("pk", flat=True))
    by_id = Expert.objects.select_related("institution", "region", "responsible").in_bulk(ids)
    return expert_mark_consent([by_id[pk] for pk in ids if pk in by_id])


def expert_mark_consent(experts, *, on=None) -> list[Expert]:
    """Set `has_valid_consent` on each of `experts` (one page) with one query."""
    experts = list(experts)
    valid = set(
        Consent.objects.filter(valid_consent_q(on), expert__in=[e.pk for e in experts])
        .order_by()
        .values_list("expert_id", flat=True)
        .distinct()
    )
    for expert in experts:
        expert.has_valid_consent = expert.pk in valid
    return experts


def expert_get_for_user(*, user, pk: int, write: bool = False) -> Expert:
    """Load an expert for `user` or raise: 404 when missing, 403 when not allowed.

    KOL: only their own expert; staff: all (writing needs experts.change_expert)."""
    expert = get_object_or_404(expert_base_queryset(), pk=pk)
    perm = "experts.change_expert" if write else "experts.view_expert"
    if not user.has_perm(perm, expert):
        raise PermissionDenied
    return expert


def expert_current_rate_cards(*, expert: Expert, on: date | None = None) -> list[RateCard]:
    """The rate cards that apply to the expert's tier today, one per service type."""
    if not expert.tier:
        return []
    cards = rate_cards_for(tier=expert.tier, on=on or timezone.localdate())
    services = [value for value, _label in RateCard._meta.get_field("service_type").choices]
    return [cards[service] for service in services if service in cards]


def expert_tier_history(*, expert: Expert):
    return TierChange.objects.filter(expert=expert).select_related("changed_by", "assessment")


def expert_assessments(*, expert: Expert):
    return (
        Assessment.objects.filter(expert=expert)
        .select_related("created_by", "decided_by", "scheme")
        .order_by("-created_at")
    )


def data_requests_for_user(*, user):
    qs = MasterDataRequest.objects.select_related(
        "expert", "institution", "created_by", "decided_by"
    )
    if user.has_perm("experts.decide_request", None) or user.has_role("admin"):
        return qs
    return qs.filter(created_by=user)


def data_request_get_for_user(*, user, pk: int) -> MasterDataRequest:
    """A master-data request, or 404; 403 unless staff who created it or may change experts."""
    obj = get_object_or_404(
        MasterDataRequest.objects.select_related(
            "expert", "other_expert", "institution", "created_by"
        ),
        pk=pk,
    )
    if not (
        user.is_staff_member
        and (obj.created_by_id == user.pk or user.has_perm("experts.change_expert"))
    ):
        raise PermissionDenied
    return obj


def assessment_get_for_user(*, user, pk: int) -> Assessment:
    """An assessment for staff (403 for others), or 404; then the expert's own check."""
    if not user.is_authenticated or not user.is_staff_member:
        raise PermissionDenied
    assessment = get_object_or_404(
        Assessment.objects.select_related("expert", "scheme", "created_by", "decided_by"), pk=pk
    )
    expert_get_for_user(user=user, pk=assessment.expert_id)
    return assessment


def consent_get_for_user(*, user, pk: int) -> Consent:
    """A consent, or 404; 403 unless the user manages consents of its expert or is that KOL."""
    consent = get_object_or_404(Consent.objects.select_related("expert"), pk=pk)
    expert = consent.expert
    allowed = user.has_perm("experts.manage_consent", expert) or (
        user.is_kol and expert.user_id == user.pk
    )
    if not allowed:
        if not user.is_staff_member:
            raise Http404  # another KOL's consent is not revealed
        raise PermissionDenied
    return consent


def import_jobs(*, user):
    """The imports `user` may open: their own; administrators see every import."""
    qs = ImportJob.objects.select_related("created_by")
    return qs if user.has_role(Role.ADMIN) else qs.filter(created_by=user)


def import_job_get_for_user(*, user, pk: int) -> ImportJob:
    """An import job for `user` or 404 (another steward's import is not revealed)."""
    job = get_object_or_404(ImportJob, pk=pk)
    if not user.has_perm("experts.view_importjob", job):
        raise Http404
    return job


def consent_history(*, expert: Expert) -> list[Consent]:
    """The expert's consents, newest first, each with `changed` ([(label, old, new)] for the
    choices that differ from the consent before it) and `is_current` (the one in force)."""
    rows = list(
        expert.consents.select_related("document", "recorded_by", "withdrawn_by").order_by(
            "given_at", "pk"
        )
    )
    current = consent_in_force(rows)
    previous = None
    for row in rows:
        changes = (
            consent_choice_changes(
                current=consent_choices_of(previous), chosen=consent_choices_of(row)
            )
            if previous is not None
            else {}
        )
        row.changed = [
            (Consent._meta.get_field(name).verbose_name, old, new)
            for name, (old, new) in changes.items()
        ]
        row.is_current = current is not None and row.pk == current.pk
        previous = row
    return rows[::-1]
