"""A cycle plan in the browser: the rep creates it and adds targets found on the server; the
manager's lock is refused with the capacity figures, then accepted once the plan fits."""

import pytest

from field.models import CyclePlan
from tests.e2e.conftest import login, shot
from tests.factories.core import UserFactory
from tests.factories.field import FieldRepFactory, LocatedInstitutionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_created_targets_added_lock_refused_then_locked(page, browser, live_server):
    manager = UserFactory(role="marketing_manager", username="plan-manager")
    rep = FieldRepFactory(user__username="plan-rep", manager=manager, visits_per_day=1).user
    LocatedInstitutionFactory(name="Клиника Здоровье")
    LocatedInstitutionFactory(name="Клиника Надежда")

    login(page, rep)
    page.goto("/field/plans/new/")
    page.select_option("select[name=rep]", str(rep.pk))
    page.fill("input[name=month]", "2026-03")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/field/plans/*/")
    plan = CyclePlan.objects.get(rep=rep)
    page.fill("input[name=q]", "Клиника")
    page.get_by_role("button", name="Find").click()
    for name, visits in (("Здоровье", "4"), ("Надежда", "4")):
        row = page.locator("li", has_text=name)
        row.locator("input[name=planned]").fill(visits)
        row.get_by_role("button", name="Add").click()
        page.wait_for_url(f"**/field/plans/{plan.pk}/")
        page.fill("input[name=q]", "Клиника")
        page.get_by_role("button", name="Find").click()
    assert plan.targets.count() == 2
    shot(page, "field-plan-rep")
    page.context.clear_cookies()

    login(page, manager)
    page.goto(f"/field/plans/{plan.pk}/")
    page.get_by_role("button", name="Approve and lock").click()
    alert = page.locator(".alert-danger")
    # March 2026: 21 working days x 1 visit a day; 8 planned: utilisation 0.38
    assert "21 working days" in alert.inner_text() and "0.38" in alert.inner_text()
    shot(page, "field-plan-lock-refused")
    assert not CyclePlan.objects.get(pk=plan.pk).locked
