"""The contracts and caps sections of the expert profile (hooks.PROFILE_SECTION)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.caps import cap_line_text
from contracts.models import Contract, ServiceOrder
from contracts.selectors import commitment_limits
from experts.profile import ProfileRow, ProfileSection

SHOWN = 10
ORDERS_SHOWN = 5


def contracts_section(*, expert, user) -> ProfileSection:
    """The expert's latest contracts with their status, then the latest service orders of each:
    two queries."""
    contracts = list(Contract.objects.filter(expert=expert).order_by("-pk")[:SHOWN])
    rows = [ProfileRow(str(c), c.get_status_display()) for c in contracts]
    orders = {}
    for order in ServiceOrder.objects.filter(contract__in=contracts).order_by("-pk"):
        orders.setdefault(order.contract_id, []).append(order)
    for contract in contracts:
        rows += [
            ProfileRow(str(o), indent=True) for o in orders.get(contract.pk, [])[:ORDERS_SHOWN]
        ]
    return ProfileSection(key="contracts", label=_("Contracts"), rows=rows)


def caps_section(*, expert, user) -> ProfileSection | None:
    """For staff: what remains under each cap today, the cap of every active contract and the
    annual cap of the year (hooks.COMMITMENT_LIMITS; a fixed number of queries)."""
    if not user.is_staff_member:
        return None
    today = timezone.localdate()
    active = list(
        Contract.objects.filter(
            expert=expert,
            status=Contract.Status.ACTIVE,
            starts_on__lte=today,
            ends_on__gte=today,
        ).order_by("pk")
    )
    lines = commitment_limits(expert=expert, on=today, contracts=active)
    rows = [ProfileRow(cap_line_text(line)) for line in lines]
    return ProfileSection(
        key="caps",
        label=_("Remaining under the caps"),
        rows=rows,
        empty_text=_("No cap applies today."),
    )
