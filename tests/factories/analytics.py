from decimal import Decimal

import factory

from analytics.models import KpiTarget, Plan, SalesRecord


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2026
    events = 10
    participants = 100
    experts = 5
    budget = Decimal("1000000.00")


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    year = 2026
    events_held = 10
    participants = 100
    cost_per_participant = Decimal("20000.00")
    feedback_score = Decimal("4.00")


class SalesRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesRecord

    amount = Decimal("100000.00")
    units = 100
