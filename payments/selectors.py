"""Reads of the payments module for views, exports and analytics."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from kolplatform.core.documents import documents_of
from payments.models import PaymentRegistry, Payout, PayoutCheck

LIST_RELATED = ("expert", "act", "contract", "currency")


# --- "Paid to an expert in calendar year Y" ---------------------------------------------------


def paid_in_year_q(years) -> Q:
    """Payouts paid in one of `years` (cash basis), as a filter on Payout.

    The one definition used by the expert profile, the annual-cap and self-employed limit checks
    and the transparency report (DESIGN.md §5 "annual cap per expert (sum of payouts in a calendar
    year)"; issue 6 §8 transfers of value): a payout counts in year Y when its status is «paid»
    and its payment date `paid_at` — the date of the bank's payment order as confirmed, a
    calendar date in Moscow time — falls in Y. Failed and cancelled payouts were not paid and
    never count; a failed payout retried and paid later counts in the year it was paid. Neither
    the creation time nor the due date decides the year.
    """
    return Q(status=Payout.Status.PAID, paid_at__year__in=list(years))


def paid_in_year_totals(*, expert_ids, years) -> dict[tuple[int, int], Decimal]:
    """{(expert_id, year): gross paid} for `expert_ids` in `years` (paid_in_year_q), one query;
    pairs with nothing paid are absent."""
    rows = (
        Payout.objects.filter(paid_in_year_q(years), expert_id__in=list(expert_ids))
        .annotate(year=ExtractYear("paid_at"))
        .values_list("expert_id", "year")
        .annotate(total=Sum("gross"))
        .order_by()
    )
    return {(expert_id, year): total for expert_id, year, total in rows}


def expert_paid_in_year(*, expert_id: int, year: int) -> Decimal:
    """The gross paid to the expert in calendar `year` (paid_in_year_q), 0.00 when nothing."""
    total = paid_in_year_totals(expert_ids=[expert_id], years=[year]).get((expert_id, year))
    return total if total is not None else Decimal("0.00")


def payout_list(*, user, filters: dict | None = None):
    """Payouts the user may see, newest first; finance sees all, a manager their contracts'."""
    qs = Payout.objects.select_related(*LIST_RELATED)
    if not user.has_perm("payments.view_payout_list"):
        raise PermissionDenied
    if not user.has_role("finance", "admin"):
        qs = qs.filter(contract__owner=user)
    return qs.order_by("due_date", "pk")


def payout_get_for_user(*, user, pk: int, manage: bool = False) -> Payout:
    """One payout, or 404; 403 if the user may not see it (with `manage`: may not manage
    payouts)."""
    try:
        payout = Payout.objects.select_related(
            *LIST_RELATED, "act__order", "registry", "approved_by", "receipt", "invoice"
        ).get(pk=pk)
    except Payout.DoesNotExist as exc:
        raise Http404 from exc
    allowed = (
        user.has_perm("payments.manage_payout")
        if manage
        else user.has_perm("payments.view_payout", payout)
    )
    if not allowed:
        raise PermissionDenied
    return payout


def payout_latest_checks(payout: Payout) -> list[PayoutCheck]:
    """The checks of the latest run, in the order they run."""
    if not payout.checked_at:
        return []
    return list(payout.checks.filter(run_at=payout.checked_at).order_by("id"))


def payout_documents(payout: Payout) -> list[dict]:
    """The contract, order, act, registry, receipt and invoice documents of a payout."""
    docs = []
    for owner in (payout.contract, payout.act.order, payout.act, payout):
        docs += list(documents_of(owner))
    if payout.invoice_id and all(d.pk != payout.invoice_id for d in docs):
        docs.append(payout.invoice)
    return docs


def cabinet_payouts(*, user):
    expert = getattr(user, "expert", None)
    if expert is None:
        return Payout.objects.none()
    return (
        Payout.objects.filter(expert=expert)
        .select_related("act", "act__order", "contract", "currency", "registry")
        .order_by("-created_at", "-pk")
    )


def registry_list():
    return PaymentRegistry.objects.select_related("created_by", "xml_document", "csv_document")


def registry_get(*, pk: int) -> PaymentRegistry:
    try:
        return (
            registry_list()
            .prefetch_related(
                Prefetch("lines__payout", queryset=Payout.objects.select_related("expert"))
            )
            .get(pk=pk)
        )
    except PaymentRegistry.DoesNotExist as exc:
        raise Http404 from exc
