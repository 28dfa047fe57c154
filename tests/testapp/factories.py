from decimal import Decimal

import factory

from tests.testapp.models import Widget


class WidgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Widget

    name = factory.Sequence(lambda n: f"Виджет {n}")
    amount = Decimal("50000.00")
