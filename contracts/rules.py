"""Permissions of the contracts module (django-rules).

Staff see contracts; managers and legal create them; legal manages templates; a KOL sees only
the documents of their own expert record. `contracts.view_<model>` take the object (also the core
document download: `user.has_perm("contracts.view_contractdocument", owner)`).
"""

import rules

from kolplatform.core.roles import Role
from kolplatform.core.rules import has_role, is_staff_member


@rules.predicate
def is_own_document(user, document) -> bool:
    expert = getattr(user, "expert", None) if user.is_authenticated else None
    return bool(document is not None and expert is not None and document.expert_id == expert.pk)


@rules.predicate
def is_own_contract(user, contract) -> bool:
    expert = getattr(user, "expert", None) if user.is_authenticated else None
    return bool(contract is not None and expert is not None and contract.expert_id == expert.pk)


@rules.predicate
def is_own_order(user, order) -> bool:
    return order is not None and is_own_contract(user, order.contract)


@rules.predicate
def is_own_act(user, act) -> bool:
    return act is not None and is_own_order(user, act.order)


can_manage_contracts = has_role(Role.MARKETING_MANAGER, Role.FIELD_STAFF, Role.LEGAL, Role.ADMIN)
is_legal = has_role(Role.LEGAL, Role.ADMIN)

rules.add_perm("contracts.view_contract", is_staff_member | is_own_contract)
rules.add_perm("contracts.add_contract", can_manage_contracts)
rules.add_perm("contracts.change_contract", can_manage_contracts)
rules.add_perm("contracts.view_serviceorder", is_staff_member | is_own_order)
rules.add_perm("contracts.add_serviceorder", can_manage_contracts)
rules.add_perm("contracts.view_act", is_staff_member | is_own_act)
rules.add_perm("contracts.add_act", can_manage_contracts)
rules.add_perm("contracts.view_contractdocument", is_staff_member | is_own_document)
rules.add_perm("contracts.view_documenttemplate", is_staff_member)
rules.add_perm("contracts.change_documenttemplate", is_legal)
rules.add_perm("contracts.confirm_identity", can_manage_contracts)
rules.add_perm("contracts.view_archive", is_staff_member)
