import io

import pytest
from django.db.models import F
from django.utils import timezone

from field.models import CyclePlan, FieldRep, PlanTarget, Visit
from seed.demo import field as demo
from seed.scale import field as scale
from seed.scale.sql import Run
from tests.factories.core import UserFactory
from tests.factories.experts import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_demo_has_two_reps_with_plans_and_visits_inside_and_outside():
    manager = UserFactory(username="manager", role="marketing_manager")
    UserFactory(username="field", role="field_staff")
    for ext in demo.COORDINATES:
        InstitutionFactory(external_id=ext)
    demo.seed(stdout=io.StringIO())
    assert FieldRep.objects.filter(manager=manager).count() == 2
    assert CyclePlan.objects.count() == 2
    assert CyclePlan.objects.filter(locked_at__isnull=False).count() == 1
    assert Visit.objects.filter(scheduled_on=timezone.localdate()).count() == 6
    if timezone.localdate().day > 8:  # enough working days this month for each kind
        assert Visit.objects.filter(geo_status="verified").exists()
        assert Visit.objects.filter(geo_status="out_of_range", review="pending").exists()
    count = Visit.objects.count()
    demo.seed(stdout=io.StringIO())
    assert Visit.objects.count() == count


def test_scale_is_set_based_and_idempotent():
    for n in range(4):
        UserFactory(username=f"scale{n:06d}", role="field_staff")
    UserFactory(username="scale000100", role="marketing_manager")
    for _ in range(12):
        InstitutionFactory()
    out = io.StringIO()
    scale.seed_scale(run=Run(factor=1, stdout=out))
    assert FieldRep.objects.count() == 2
    assert CyclePlan.objects.count() == 2 * scale.MONTHS
    assert PlanTarget.objects.count() == 2 * scale.MONTHS * scale.TARGETS_PER_PLAN
    visits = Visit.objects.count()
    assert visits > 2 * 200 * scale.VISITS_PER_DAY  # a year of working days
    assert Visit.objects.filter(review="pending").exists()
    assert not Visit.objects.exclude(rep_id=F("plan__rep_id")).exists()  # each on its rep's plan
    scale.seed_scale(run=Run(factor=1, stdout=io.StringIO()))
    assert Visit.objects.count() == visits
