import io

import pytest
from django.db.models import Count, F, Q
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


def _scale_people(staff: int) -> None:
    """Scale field staff (every other one becomes a rep), a manager, fifty institutions."""
    for n in range(staff):
        UserFactory(username=f"scale{n:06d}", role="field_staff")
    UserFactory(username="scale000100", role="marketing_manager")
    InstitutionFactory.create_batch(50)


def test_scale_is_set_based_and_idempotent():
    _scale_people(4)
    scale.seed_scale(run=Run(factor=1, stdout=io.StringIO()))
    assert FieldRep.objects.count() == 2
    assert CyclePlan.objects.count() == 2 * scale.MONTHS
    assert PlanTarget.objects.count() == 2 * scale.MONTHS * scale.TARGETS_PER_PLAN
    visits = Visit.objects.count()
    assert visits > 2 * 200 * scale.VISITS_PER_DAY  # a year of working days
    assert Visit.objects.filter(review="pending").exists()
    assert not Visit.objects.exclude(rep_id=F("plan__rep_id")).exists()  # each on its rep's plan
    scale.seed_scale(run=Run(factor=1, stdout=io.StringIO()))
    assert Visit.objects.count() == visits


def test_scale_visits_go_to_the_plan_targets_with_realistic_attainment():
    _scale_people(2)
    scale.seed_scale(run=Run(factor=1, stdout=io.StringIO()))
    on_target = Visit.objects.filter(target__isnull=False)
    assert not on_target.exclude(target__plan_id=F("plan_id")).exists()
    assert not on_target.exclude(institution_id=F("target__institution_id")).exists()
    unplanned = Visit.objects.filter(target__isnull=True).count()
    assert 0.08 < unplanned / Visit.objects.count() < 0.3
    past = CyclePlan.objects.filter(status="completed").first()
    targets = past.targets.annotate(made=Count("visits", filter=Q(visits__status="submitted")))
    made = {t.pk: (t.planned_visits, t.made) for t in targets}
    assert {p for p, _m in made.values()} == {1, 2, 3}  # frequencies of the segments
    assert any(m == 0 for _p, m in made.values())  # coverage short of the list
    assert any(m == p for p, m in made.values())
    assert any(0 < m < p for p, m in made.values()) or any(m > p for p, m in made.values())
    today = timezone.localdate()
    assert Visit.objects.filter(scheduled_on=today, status="scheduled").count() == 4  # one rep
    assert not Visit.objects.filter(scheduled_on__lt=today, status="scheduled").exists()
