import io

import pytest

from analytics.models import KpiTarget, Plan, SalesRecord, TargetSpecialty
from seed.demo import analytics as demo
from tests.factories.core import ProductFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(marketing_manager, field_staff):
    ProductFactory.create_batch(2)
    RegionFactory.create_batch(2)
    out = io.StringIO()
    demo.seed(stdout=out)
    counts = [m.objects.count() for m in (Plan, KpiTarget, SalesRecord, TargetSpecialty)]
    assert counts[0] == 2 + 2 * 4  # 2 annual keys of "manager", 2 quarterly keys of "field"
    assert counts[1] == 2 and counts[2] == 2 * 2 * 21 and counts[3] == 2
    demo.seed(stdout=out)
    assert [m.objects.count() for m in (Plan, KpiTarget, SalesRecord, TargetSpecialty)] == counts
    for plan in Plan.objects.all():
        plan.full_clean()  # annual and quarterly rows never share a key


def test_demo_seed_without_reference_data_does_nothing():
    out = io.StringIO()
    demo.seed(stdout=out)
    assert not Plan.objects.exists() and "nothing to seed" in out.getvalue()
