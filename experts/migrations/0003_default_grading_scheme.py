"""Default grading configuration: one scheme (thresholds, validity) and five criteria.

Administrators change weights, scales and thresholds in the admin; a new scheme with a later
valid_from replaces this one from that date."""

import datetime
from decimal import Decimal

from django.db import migrations

CRITERIA = [
    ("Публикации", "Статьи в рецензируемых журналах за 5 лет (ВАК, Scopus, WoS).", "3", 5),
    ("Выступления на конгрессах", "Доклады на российских и международных конгрессах.", "3", 5),
    ("Клинические исследования", "Участие как главный или со-исследователь.", "2", 5),
    ("Членство и экспертные роли", "Профессиональные общества, рабочие группы, редколлегии.", "1", 5),
    ("Охват и влияние", "Должность, учёная степень, региональное или федеральное влияние.", "1", 5),
]


def seed(apps, schema_editor):
    GradingScheme = apps.get_model("experts", "GradingScheme")
    GradingCriterion = apps.get_model("experts", "GradingCriterion")
    GradingScheme.objects.get_or_create(
        valid_from=datetime.date(2020, 1, 1),
        defaults={
            "name": "Базовая схема",
            "min_international": Decimal("85"),
            "min_national": Decimal("70"),
            "min_regional": Decimal("50"),
            "min_local": Decimal("0"),
            "validity_months": 24,
            "notice_days": 30,
        },
    )
    for order, (name, description, weight, max_score) in enumerate(CRITERIA, 1):
        GradingCriterion.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "weight": Decimal(weight),
                "max_score": max_score,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("experts", "0002_expert_base")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
