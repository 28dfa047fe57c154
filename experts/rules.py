"""Permissions of the expert base (DESIGN.md §3).

* Every staff member sees the expert base (contracts, events and payments start from it).
* Field staff, marketing managers and admins create experts, grade them and propose changes.
* Data stewards (marketing manager, admin) edit master data directly, create institutions,
  decide change requests, run imports and merges — but never decide their own request.
* Gradings (assessments) are decided by approvers (and admins), never by their author: the tier
  sets the expert's fee rates (docs/decisions/experts.md "Who decides gradings").
  An import job (its file, rows and error report) is seen by its uploader and administrators.
* Bank details and identity documents: finance and data stewards; a KOL sees their own.
* A KOL sees only their own profile, in the cabinet.
"""

import rules

from kolplatform.core.roles import Role
from kolplatform.core.rules import (
    has_role,
    is_admin,
    is_compliance,
    is_field_staff,
    is_finance,
    is_kol,
    is_marketing_manager,
    is_staff_member,
)

is_data_steward = is_marketing_manager  # marketing manager or admin
is_grading_decider = has_role(Role.APPROVER, Role.ADMIN)


@rules.predicate
def is_own_expert(user, expert) -> bool:
    return expert is not None and expert.user_id is not None and expert.user_id == user.pk


@rules.predicate
def is_author(user, obj) -> bool:
    return obj is not None and getattr(obj, "created_by_id", None) == user.pk


can_view_experts = is_staff_member
can_edit_experts = is_data_steward
can_create_experts = is_field_staff
can_grade = is_field_staff
can_decide = is_data_steward & ~is_author
can_view_bank = is_finance | is_data_steward | (is_kol & is_own_expert)
can_manage_privacy = is_compliance | is_admin
can_export_own_data = can_manage_privacy | (is_kol & is_own_expert)

rules.add_perm("experts.view_expert", can_view_experts | (is_kol & is_own_expert))
rules.add_perm("experts.add_expert", can_create_experts)
rules.add_perm("experts.change_expert", can_edit_experts)
rules.add_perm("experts.propose_change", is_field_staff | (is_kol & is_own_expert))
rules.add_perm("experts.view_bank_details", can_view_bank)
rules.add_perm("experts.add_assessment", can_grade)
rules.add_perm("experts.decide_assessment", is_grading_decider & ~is_author)
rules.add_perm("experts.decide_request", can_decide)
rules.add_perm("experts.run_import", is_data_steward)
# Data stewards create institutions directly; field staff propose one (a master-data request).
rules.add_perm("experts.add_institution", is_data_steward)
# An import file holds personal data: its job is for the steward who uploaded it and admins.
rules.add_perm("experts.view_importjob", is_data_steward & (is_author | is_admin))
rules.add_perm("experts.merge_experts", is_data_steward)
rules.add_perm("experts.manage_consent", is_field_staff | is_compliance)
rules.add_perm("experts.export_personal_data", can_export_own_data)
rules.add_perm("experts.erase_personal_data", can_manage_privacy)
# The evidence pack of an expert's year (experts/evidence.py) is compliance's file: contracts,
# fees and reviews. Not for field staff or other roles, and not for the KOL (who downloads their
# own signed documents in the cabinet).
rules.add_perm("experts.download_evidence", is_compliance | is_admin)
