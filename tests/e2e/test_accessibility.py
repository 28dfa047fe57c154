"""Accessibility: axe-core (axe-playwright-python) finds no serious or critical violation on the
main pages, in the browser, as each page's user sees it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import login
from tests.factories.contracts import ContractFactory
from tests.factories.events import EventFactory
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.feedback import SurveyFactory
from tests.factories.field import CyclePlanFactory, FieldRepFactory, PlanTargetFactory, VisitFactory
from tests.factories.payments import PayoutFactory

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}

# page: (who opens it, the URL for the data made by `records`)
PAGES = {
    "login": (None, lambda r: "/login/"),
    "staff_home": ("marketing_manager", lambda r: "/"),
    "expert_list": ("marketing_manager", lambda r: "/experts/"),
    "expert_profile": ("marketing_manager", lambda r: f"/experts/{r['expert'].pk}/"),
    "event_list": ("marketing_manager", lambda r: "/events/"),
    "event_page": ("marketing_manager", lambda r: f"/events/{r['event'].pk}/"),
    "contract_list": ("marketing_manager", lambda r: "/contracts/"),
    "approvals_inbox": ("approver", lambda r: "/core/approvals/"),
    "payout_list": ("finance", lambda r: "/payments/"),
    "analytics_dashboard": ("marketing_manager", lambda r: "/analytics/"),
    "kol_cabinet": ("kol", lambda r: "/contracts/cabinet/"),
    "survey": (None, lambda r: f"/feedback/s/{r['survey'].token}/"),
    "webhook_endpoint": ("admin_user", lambda r: f"/webhooks/{r['webhook_endpoint'].pk}/"),
    "field_today": ("field_staff", lambda r: "/field/"),
    "field_plan": ("field_staff", lambda r: f"/field/plans/{r['field_plan'].pk}/"),
    "field_team": ("marketing_manager", lambda r: "/field/team/"),
    "field_settings": ("marketing_manager", lambda r: "/field/settings/"),
    "field_segment": ("marketing_manager", lambda r: f"/field/experts/{r['expert'].pk}/segment/"),
}


@pytest.fixture
def records(marketing_manager, kol, admin_user, field_staff):
    from webhooks.services.endpoints import endpoint_create

    rep = FieldRepFactory(user=field_staff, manager=marketing_manager).user
    plan = CyclePlanFactory(rep=rep)
    target = PlanTargetFactory(plan=plan)
    VisitFactory(rep=rep, plan=plan, target=target, institution=target.institution)
    expert = ExpertFactory()
    ConsentFactory(expert=expert)
    ContractFactory(expert=kol.expert, owner=marketing_manager)
    PayoutFactory(act__order__contract__expert=kol.expert)
    return {
        "expert": expert,
        "event": EventFactory(owner=marketing_manager),
        "survey": SurveyFactory(event__owner=marketing_manager),
        "webhook_endpoint": endpoint_create(
            actor=admin_user, url="https://crm.example.com/hooks", event_types=["*"]
        ),
        "field_plan": plan,
    }


def _contrast(node) -> str:
    """The colours and ratio axe measured, for a contrast finding."""
    data = next(
        (c.get("data") for c in node.get("any", []) if c.get("id") == "color-contrast"), None
    )
    if not isinstance(data, dict):
        return ""
    return f"{data.get('fgColor')} on {data.get('bgColor')} = {data.get('contrastRatio')}"


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(f"{node['target']} {_contrast(node)}" for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("name", PAGES)
def test_main_page_has_no_serious_accessibility_violation(page, request, records, name):
    persona, url = PAGES[name]
    if persona is not None:
        login(page, request.getfixturevalue(persona))
    response = page.goto(url(records))
    assert response.status == 200, f"{name}: {url(records)} answered {response.status}"
    page.wait_for_load_state("networkidle")
    found = serious_violations(page)
    assert not found, f"{name} ({url(records)}):\n" + "\n".join(found)
