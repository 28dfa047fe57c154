"""Who may see analytics: staff see the dashboards; managers see their own KPI (administrators
see everyone's); plans, KPI targets and sales are kept by marketing managers and administrators.
An upload of plans or sales is seen by its uploader and administrators. KOLs see nothing here."""

import rules

from kolplatform.core.rules import is_admin, is_marketing_manager, is_staff_member


@rules.predicate
def is_self(user, manager) -> bool:
    return manager is not None and user.pk == manager.pk


@rules.predicate
def is_uploader(user, data_import) -> bool:
    return data_import is not None and data_import.created_by_id == user.pk


can_view_dashboard = is_staff_member
can_manage_plans = is_marketing_manager | is_admin
can_view_kpi = is_staff_member & (is_admin | is_self)

rules.add_perm("analytics.view_dashboard", can_view_dashboard)
rules.add_perm("analytics.manage_plans", can_manage_plans)
rules.add_perm("analytics.view_kpi", can_view_kpi)
rules.add_perm("analytics.view_dataimport", can_manage_plans & (is_uploader | is_admin))
