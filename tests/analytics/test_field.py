"""Field work in analytics: the dashboard's summary (from the monthly field cells, equal to the
live figures) and the BI feed's visits."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.filters import Filters
from analytics.models import FieldCell
from analytics.selectors import field_summary
from analytics.services import field_cells_refresh
from field.models import GeoStatus, Visit
from tests.factories.core import ProductFactory, UserFactory
from tests.factories.field import (
    CyclePlanFactory,
    FieldRepFactory,
    LocatedInstitutionFactory,
    PlanTargetFactory,
    VisitFactory,
)

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
    field_cells_refresh()
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
    assert summary == field_summary(Filters(year=today.year, month=today.month), cells=False)


def test_summary_reads_one_query_of_cells(django_assert_num_queries):
    _world()
    today = timezone.localdate()
    with django_assert_num_queries(1) as captured:
        assert field_summary(Filters(year=today.year))["made"] == 2
    assert "analytics_fieldcell" in captured.captured_queries[0]["sql"]
    assert "field_visit" not in captured.captured_queries[0]["sql"]


def test_cells_follow_the_refresh():
    plan = _world()
    today = timezone.localdate()
    target = plan.targets.order_by("planned_visits").first()  # the target not yet visited
    _submitted(target, GeoStatus.VERIFIED)
    assert field_summary(Filters(year=today.year))["coverage"] == 0.5  # as of the last refresh
    field_cells_refresh()
    assert field_summary(Filters(year=today.year))["coverage"] == 1.0


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


YEAR = 2025
STATES = [
    (Visit.Status.SCHEDULED, Visit.Review.NOT_NEEDED, ""),
    (Visit.Status.SUBMITTED, Visit.Review.NOT_NEEDED, GeoStatus.VERIFIED),
    (Visit.Status.SUBMITTED, Visit.Review.PENDING, GeoStatus.OUT_OF_RANGE),
    (Visit.Status.SUBMITTED, Visit.Review.ACCEPTED, GeoStatus.OUT_OF_RANGE),
    (Visit.Status.SUBMITTED, Visit.Review.REJECTED, GeoStatus.UNVERIFIABLE),
]
visits = st.lists(
    st.fixed_dictionaries(
        {
            "target": st.integers(0, 5),  # 4, 5: no target
            "month": st.sampled_from([1, 2, 4, 12]),
            "state": st.integers(0, len(STATES) - 1),
            "points": st.integers(0, 6),
            "products": st.sets(st.integers(0, 1), max_size=2),
        }
    ),  # fmt: skip
    max_size=12,
)


@pytest.fixture
def field_world():
    """Two managers' reps (and a rep without a field profile), two regions, plans starting
    in two months."""
    institutions = [LocatedInstitutionFactory(), LocatedInstitutionFactory()]
    reps = [FieldRepFactory().user, FieldRepFactory().user, UserFactory(role="field_staff")]
    targets = []
    for i, (rep, month) in enumerate([(reps[0], 1), (reps[1], 4), (reps[2], 4), (reps[0], 12)]):
        plan = CyclePlanFactory(rep=rep, starts_on=date(YEAR, month, 1),
                                ends_on=date(YEAR, month, 28))  # fmt: skip
        targets.append(PlanTargetFactory(plan=plan, institution=institutions[i % 2],
                                         planned_visits=i + 1))  # fmt: skip
    products = [ProductFactory(), ProductFactory()]
    managers = [rep.field_rep.manager_id for rep in reps[:2]]
    return {"targets": targets, "reps": reps, "institutions": institutions,
            "products": products, "managers": managers}  # fmt: skip


def _filter_sets(world):
    regions = [None, *(i.region_id for i in world["institutions"])]
    products = [None, *(p.pk for p in world["products"])]
    for quarter in (None, 2, 4):
        for region in regions:
            for product in products:
                for manager in (None, *world["managers"]):
                    yield Filters(year=YEAR, quarter=quarter, region=region, product=product,
                                  manager=manager)  # fmt: skip
    yield Filters(year=YEAR, month=4)
    yield Filters(year=YEAR + 1)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=visits)
def test_cells_equal_the_live_figures_for_every_filter(field_world, rows):
    """Whatever the visits, the summary from the refreshed cells equals the one computed from
    the visits and targets, for every combination of period, region, product and manager."""
    Visit.objects.all().delete()
    for row in rows:
        target = field_world["targets"][row["target"]] if row["target"] < 4 else None
        status, review, geo = STATES[row["state"]]
        visit = VisitFactory(
            rep=target.plan.rep if target else field_world["reps"][row["target"] % 3],
            plan=target.plan if target else None,
            target=target,
            institution=target.institution if target else field_world["institutions"][0],
            scheduled_on=date(YEAR, row["month"], 15),
            status=status,
            review=review,
            geo_status=geo,
            points=row["points"],
        )
        visit.products.set([field_world["products"][i] for i in row["products"]])
    field_cells_refresh()
    assert FieldCell.objects.exists()
    for filters in _filter_sets(field_world):
        assert field_summary(filters) == field_summary(filters, cells=False), filters
