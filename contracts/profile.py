"""The contracts section of the expert profile (experts.profile, hooks.PROFILE_SECTION)."""

from django.utils.translation import gettext as _

from contracts.models import Contract, ServiceOrder
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
