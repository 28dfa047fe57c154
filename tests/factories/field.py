import factory
from django.utils import timezone

from field.models import CyclePlan, FieldRep, PlanTarget, Visit
from tests.factories.core import UserFactory
from tests.factories.experts import InstitutionFactory

MOSCOW_HOSPITAL = (55.751244, 37.618423)


class FieldRepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldRep

    user = factory.SubFactory(UserFactory, role="field_staff")
    manager = factory.SubFactory(UserFactory, role="marketing_manager")
    visits_per_day = 8
    points_month = 120


class CyclePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CyclePlan

    rep = factory.SubFactory(UserFactory, role="field_staff")
    period = CyclePlan.Period.MONTH
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    ends_on = factory.LazyAttribute(
        lambda p: (
            (p.starts_on.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
            - timezone.timedelta(days=1)
        )
    )


class LocatedInstitutionFactory(InstitutionFactory):
    latitude = MOSCOW_HOSPITAL[0]
    longitude = MOSCOW_HOSPITAL[1]


class PlanTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTarget

    plan = factory.SubFactory(CyclePlanFactory)
    institution = factory.SubFactory(LocatedInstitutionFactory)
    planned_visits = 4


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    rep = factory.SubFactory(UserFactory, role="field_staff")
    institution = factory.SubFactory(LocatedInstitutionFactory)
    scheduled_on = factory.LazyFunction(timezone.localdate)
