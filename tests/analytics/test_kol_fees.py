"""What one KOL earned (payments.rules.can_view_kol_fees): finance, marketing managers and
administrators see it on the payments pages and in analytics; field staff, approvers, legal and
compliance see neither — only sums over events. The data set is tests/analytics/conftest.py:
expert X1 ("Первый") has a paid payout of 30 000 for E1."""

import pytest
from django.urls import reverse

from payments.rules import can_view_kol_fees

pytestmark = pytest.mark.django_db

SEE_FEES = ["finance", "marketing_manager", "admin"]
NO_FEES = ["field_staff", "approver", "legal", "compliance"]


@pytest.mark.parametrize("persona", SEE_FEES + NO_FEES + ["kol"])
def test_one_rule_decides(personas, persona):
    assert can_view_kol_fees(personas[persona]) is (persona in SEE_FEES)


@pytest.mark.parametrize("persona", SEE_FEES)
def test_fee_roles_see_fees_on_payments_and_analytics_pages(client, personas, dataset, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("payments:list")).status_code == 200
    drill = client.get(reverse("analytics:drill_payouts"), {"year": 2026})
    assert drill.status_code == 200 and "Первый" in drill.content.decode()
    page = client.get(reverse("analytics:kol", args=[dataset.x1.pk]))
    html = page.content.decode()
    assert "Fees paid" in html and "30,000.00" in html
    export = client.get(
        reverse("analytics:kol", args=[dataset.x1.pk]), {"export": "csv", "table": "payouts"}
    )
    assert export.status_code == 200 and "30000.00" in export.content.decode("utf-8-sig")
    payouts = client.get(reverse("analytics:api", args=["payouts"]), {"year": 2026})
    assert payouts.status_code == 200 and payouts.json()["count"] == 2
    dashboard = client.get(reverse("analytics:dashboard"), {"year": 2026}).content.decode()
    assert reverse("analytics:drill_payouts") in dashboard


@pytest.mark.parametrize("persona", NO_FEES)
def test_other_staff_see_no_fee_of_one_kol(client, personas, dataset, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("payments:list")).status_code == 403
    assert client.get(reverse("analytics:drill_payouts"), {"year": 2026}).status_code == 403
    export = {"year": 2026, "export": "csv"}
    assert client.get(reverse("analytics:drill_payouts"), export).status_code == 403

    page = client.get(reverse("analytics:kol", args=[dataset.x1.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Первый" in html  # the page itself stays
    assert "Fees paid" not in html and "30,000.00" not in html and "Gross fee" not in html
    export = client.get(
        reverse("analytics:kol", args=[dataset.x1.pk]), {"export": "csv", "table": "payouts"}
    )
    assert export.status_code == 404

    api = reverse("analytics:api", args=["payouts"])
    assert client.get(api, {"year": 2026}).status_code == 403
    summary = client.get(
        reverse("analytics:api", args=["summary"]), {"year": 2026, "expert": dataset.x1.pk}
    ).json()
    assert "fees_paid" not in summary["fact"] and "total_cost" in summary["fact"]

    dashboard = client.get(reverse("analytics:dashboard"), {"year": 2026}).content.decode()
    assert 'data-card="fees_paid"' in dashboard  # the sum over all events stays
    assert reverse("analytics:drill_payouts") not in dashboard
    one_kol = {"year": 2026, "expert": dataset.x1.pk}
    dashboard = client.get(reverse("analytics:dashboard"), one_kol).content.decode()
    assert 'data-card="fees_paid"' not in dashboard
