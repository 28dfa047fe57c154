"""Field work in analytics: the dashboard's summary and the BI feed's visits."""

import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.filters import Filters
from analytics.selectors import field_summary
from field.models import GeoStatus, Visit
from tests.factories.field import CyclePlanFactory, PlanTargetFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _submitted(target, geo, review=Visit.Review.NOT_NEEDED, points=4):
    return VisitFactory(
        rep=target.plan.rep,
        plan=target.plan,
        target=target,
        institution=target.institution,
        status=Visit.Status.SUBMITTED,
        geo_status=geo,
        review=review,
        points=points,
    )


def _world():
    plan = CyclePlanFactory()
    covered = PlanTargetFactory(plan=plan, planned_visits=4)
    PlanTargetFactory(plan=plan, planned_visits=2)
    _submitted(covered, GeoStatus.VERIFIED)
    _submitted(covered, GeoStatus.OUT_OF_RANGE, Visit.Review.PENDING, points=0)
    _submitted(covered, GeoStatus.UNVERIFIABLE, Visit.Review.REJECTED, points=0)
    VisitFactory(rep=plan.rep, plan=plan, target=covered, institution=covered.institution)
    return plan


def test_summary_planned_made_coverage_points():
    _world()
    today = timezone.localdate()
    summary = field_summary(Filters(year=today.year, month=today.month))
    assert summary == {
        "planned": 6,
        "made": 2,  # the rejected visit and the scheduled one do not count
        "targets": 2,
        "coverage": 0.5,
        "points": 4,
        "verified_share": 0.5,
        "to_review": 1,
    }
    empty = field_summary(Filters(year=2001))
    assert empty["made"] == 0 and empty["coverage"] is None


def test_dashboard_and_bi_feed(client, marketing_manager):
    _world()
    client.force_login(marketing_manager)
    page = client.get(reverse("analytics:dashboard"))
    assert page.context["field"]["made"] == 2
    assert b'data-testid="field-summary"' in page.content
    feed = client.get(reverse("analytics:api", args=["visits"])).json()
    assert feed["count"] == 4
    assert "notes" not in feed["results"][0]
    summary = client.get(reverse("analytics:api", args=["summary"])).json()
    assert summary["field"]["planned"] == 6


def test_summary_filters_by_region():
    plan = _world()
    region = plan.targets.first().institution.region_id
    today = timezone.localdate()
    other = field_summary(Filters(year=today.year, region=region + 1000))
    assert other["made"] == 0 and other["planned"] == 0
