"""Reads of the contracts module for views, the API and other modules.

For other modules: `contract_active_for(*, expert, on)` (events: may this expert speak with a fee?),
`commitment_limits(...)` (the caps a new commitment must respect, contracts.caps).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.caps import CapLine
from contracts.models import (
    AuthorisedSignatory,
    Contract,
    ContractDocument,
    DocumentTemplate,
    ServiceOrder,
)
from experts.models import normalize_name
from kolplatform.core import hooks
from kolplatform.core.money import money


def commitment_limits(*, expert, on, contracts=(), exclude_order_ids=()) -> list[CapLine]:
    """Every cap a commitment to `expert` dated `on` under `contracts` must respect, from the
    contributions to hooks.COMMITMENT_LIMITS (contracts: the contract caps; payments: the annual
    cap); `used` leaves out the orders `exclude_order_ids` (those being re-committed)."""
    lines: dict[str, CapLine] = {}
    for provider in hooks.contributions(hooks.COMMITMENT_LIMITS):
        for line in provider(
            expert=expert,
            on=on,
            contracts=list(contracts),
            exclude_order_ids=frozenset(exclude_order_ids),
        ):
            lines.setdefault(line.key, line)
    return list(lines.values())


def contract_ordered_totals(*, contract_ids, exclude_order_ids=()) -> dict[int, Decimal]:
    """{contract id: sum of its orders not cancelled} (one query; 0.00 for none)."""
    rows = (
        ServiceOrder.objects.filter(contract_id__in=list(contract_ids))
        .exclude(status=ServiceOrder.Status.CANCELLED)
        .exclude(pk__in=list(exclude_order_ids))
        .values_list("contract_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals = {pk: Decimal("0.00") for pk in contract_ids}
    totals.update({pk: money(total) for pk, total in rows})
    return totals


def contract_cap_lines(*, expert, on, contracts, exclude_order_ids) -> list[CapLine]:
    """hooks.COMMITMENT_LIMITS: the cap of each contract against its orders not cancelled."""
    totals = contract_ordered_totals(
        contract_ids=[c.pk for c in contracts], exclude_order_ids=exclude_order_ids
    )
    return [
        CapLine(
            key=f"contract:{c.pk}",
            label=_("Contract cap %(contract)s") % {"contract": c},
            cap=money(c.cap_amount),
            used=totals[c.pk],
            contract_id=c.pk,
        )
        for c in contracts
    ]


def contract_active_for(*, expert, on) -> Contract | None:
    """The expert's active contract whose term contains the date `on`, or None."""
    return (
        Contract.objects.filter(
            expert=expert, status=Contract.Status.ACTIVE, starts_on__lte=on, ends_on__gte=on
        )
        .order_by("-starts_on")
        .first()
    )


def contract_list(*, user, filters: dict | None = None):
    if not user.has_perm("contracts.view_contract") and not user.is_staff_member:
        raise PermissionDenied
    filters = filters or {}
    qs = Contract.objects.select_related("expert", "owner", "currency")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(number__icontains=q) | Q(expert__search_name__icontains=normalize_name(q)))
    return qs.order_by("-created_at", "-pk")


def contract_get_for_user(*, user, pk, write: bool = False) -> Contract:
    """The contract, or 404 (also for one the user may not see); with `write`, 403 first for a
    user who may not change contracts."""
    if write and not user.has_perm("contracts.change_contract"):
        raise PermissionDenied
    contract = Contract.objects.select_related("expert", "owner", "currency").filter(pk=pk).first()
    if contract is None:
        raise Http404
    if not user.has_perm("contracts.view_contract", contract):
        raise Http404  # do not reveal other experts' contracts
    return contract


def document_get_for_user(*, user, pk) -> ContractDocument:
    """A document the user may see: staff any, a KOL only their own (others: 404)."""
    document = (
        ContractDocument.objects.select_related("pdf", "signed_copy", "contract", "expert")
        .filter(pk=pk)
        .first()
    )
    if document is None or not user.has_perm("contracts.view_contractdocument", document):
        raise Http404
    return document


def service_order_get_for_user(*, user, pk, write: bool = False) -> ServiceOrder:
    """A service order, or 404; then as `contract_get_for_user` for its contract."""
    order = ServiceOrder.objects.select_related("contract").filter(pk=pk).first()
    if order is None:
        raise Http404
    contract_get_for_user(user=user, pk=order.contract_id, write=write)
    return order


def contract_document_get_for_manager(*, user, pk) -> ContractDocument:
    """A contract document for a user who changes contracts: 404, then 403, then the contract's
    own check (`contract_get_for_user(write=True)`)."""
    document = ContractDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    contract_get_for_user(user=user, pk=document.contract_id, write=True)
    return document


VISIBLE = [
    ContractDocument.Status.AWAITING_EXPERT,
    ContractDocument.Status.AWAITING_COMPANY,
    ContractDocument.Status.SIGNED,
    ContractDocument.Status.DECLINED,
]


def cabinet_documents(*, expert):
    """The expert's documents that were sent to them (awaiting, signed, declined)."""
    return (
        ContractDocument.objects.filter(expert=expert, status__in=VISIBLE)
        .select_related("pdf", "signed_copy", "contract")
        .order_by("-created_at", "-pk")
    )


def archive_documents(*, filters: dict):
    """Every generated document, searchable by expert, number and kind."""
    qs = ContractDocument.objects.exclude(status=ContractDocument.Status.RENDERING).select_related(
        "expert", "pdf", "signed_copy", "contract"
    )
    if q := (filters.get("expert") or "").strip():
        qs = qs.filter(expert__search_name__icontains=normalize_name(q))
    if filters.get("expert_id"):
        qs = qs.filter(expert_id=filters["expert_id"])
    if number := (filters.get("number") or "").strip():
        qs = qs.filter(number__icontains=number)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs.order_by("-created_at", "-pk")


def template_list():
    return DocumentTemplate.objects.select_related("created_by").order_by("kind", "-version")


def company_signatories():
    """The active authorised signatories of the company, on today's date."""
    today = timezone.localdate()
    return [
        s.user
        for s in AuthorisedSignatory.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("user")
    ]
